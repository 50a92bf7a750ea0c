import type { ScanRule } from '../types.js';

// GitHub's token formats (github.blog, "Behind GitHub's new authentication token
// formats", 2021): a three-letter prefix and an underscore, then at least 36
// base62 characters, the last six a checksum; GitHub reserves the right to make
// them longer. Fine-grained personal access tokens start with github_pat_.

/** GitHub tokens. */
export const githubRules: ScanRule[] = [
  {
    id: 'github-personal-access-token',
    description: 'GitHub personal access token (classic)',
    keywords: ['ghp_'],
    pattern: '\\bghp_[A-Za-z0-9]{36,251}\\b',
    minEntropy: 3,
  },
  {
    id: 'github-fine-grained-token',
    description: 'GitHub fine-grained personal access token',
    keywords: ['github_pat_'],
    pattern: '\\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\\b',
    minEntropy: 3,
  },
  {
    id: 'github-oauth-token',
    description: 'GitHub OAuth access token',
    keywords: ['gho_'],
    pattern: '\\bgho_[A-Za-z0-9]{36,251}\\b',
    minEntropy: 3,
  },
  {
    id: 'github-user-to-server-token',
    description: 'GitHub App user-to-server token',
    keywords: ['ghu_'],
    pattern: '\\bghu_[A-Za-z0-9]{36,251}\\b',
    minEntropy: 3,
  },
  {
    id: 'github-server-to-server-token',
    description: 'GitHub App installation (server-to-server) token',
    keywords: ['ghs_'],
    pattern: '\\bghs_[A-Za-z0-9]{36,251}\\b',
    minEntropy: 3,
  },
  {
    id: 'github-refresh-token',
    description: 'GitHub App refresh token',
    keywords: ['ghr_'],
    pattern: '\\bghr_[A-Za-z0-9]{36,251}\\b',
    minEntropy: 3,
  },
];
