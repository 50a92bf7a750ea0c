import type { ScanRule } from '../types.js';

// GitLab's token overview documents one prefix per token type. Lengths vary by
// version (and newer tokens add dot-separated routing parts), so the rules ask
// for at least 20 URL-safe characters after the prefix.

/** GitLab tokens. */
export const gitlabRules: ScanRule[] = [
  {
    id: 'gitlab-personal-access-token',
    description: 'GitLab personal, project or group access token',
    keywords: ['glpat-'],
    pattern: '\\bglpat-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-deploy-token',
    description: 'GitLab deploy token',
    keywords: ['gldt-'],
    pattern: '\\bgldt-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-runner-token',
    description: 'GitLab runner authentication token',
    keywords: ['glrt-'],
    pattern: '\\bglrt-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-runner-registration-token',
    description: 'GitLab runner registration token (deprecated workflow)',
    keywords: ['gr1348941'],
    pattern: '\\bGR1348941[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-pipeline-trigger-token',
    description: 'GitLab pipeline trigger token',
    keywords: ['glptt-'],
    pattern: '\\bglptt-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-oauth-app-secret',
    description: 'GitLab OAuth application secret',
    keywords: ['gloas-'],
    pattern: '\\bgloas-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-feed-token',
    description: 'GitLab feed token',
    keywords: ['glft-'],
    pattern: '\\bglft-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
  {
    id: 'gitlab-ci-job-token',
    description: 'GitLab CI/CD job token',
    keywords: ['glcbt-'],
    pattern: '\\bglcbt-[A-Za-z0-9_-]{20,}',
    minEntropy: 3,
  },
];
