import type { ScanRule } from '../types.js';

// HashiCorp. Vault 1.10+ tokens are hvs. (service) and hvb. (batch) followed by
// a long URL-safe body; before 1.10 they were s. or b. and 24 characters, too
// short and plain to find without the name they are assigned to.
// HCP Terraform (Terraform Cloud) API tokens contain ".atlasv1.".

/** HashiCorp Vault and Terraform tokens. */
export const hashicorpRules: ScanRule[] = [
  {
    id: 'vault-service-token',
    description: 'HashiCorp Vault service token',
    keywords: ['hvs.'],
    pattern: '\\bhvs\\.[A-Za-z0-9_-]{24,}',
    minEntropy: 3,
  },
  {
    id: 'vault-batch-token',
    description: 'HashiCorp Vault batch token',
    keywords: ['hvb.'],
    pattern: '\\bhvb\\.[A-Za-z0-9_-]{24,}',
    minEntropy: 3,
  },
  {
    id: 'vault-legacy-token',
    description: 'HashiCorp Vault token in the pre-1.10 format, assigned to VAULT_TOKEN or X-Vault-Token',
    keywords: ['vault_token', 'vault-token', 'vaulttoken'],
    pattern: 'vault[_-]?token["\']?\\s*(?:=>|:=|[:=])\\s*["\']?([sb]\\.[A-Za-z0-9]{24})\\b',
    ignoreCase: true,
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'terraform-cloud-token',
    description: 'HCP Terraform (Terraform Cloud / Enterprise) API token',
    keywords: ['.atlasv1.'],
    pattern: '\\b[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9_=-]{60,70}(?![A-Za-z0-9_=-])',
    minEntropy: 3,
  },
];
