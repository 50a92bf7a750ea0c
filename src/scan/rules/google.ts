import type { ScanRule } from '../types.js';

// Google Cloud: API keys are "AIza" and 35 URL-safe characters; service-account
// key files are JSON with "type": "service_account" and a PEM "private_key";
// OAuth client secrets start GOCSPX-, access tokens ya29., refresh tokens 1//.

/** Google Cloud credentials. */
export const googleRules: ScanRule[] = [
  {
    id: 'google-api-key',
    description: 'Google API key',
    keywords: ['AIza'],
    keywordsMatchCase: true,
    pattern: '\\bAIza[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'google-service-account-key',
    description: 'Google Cloud service-account key file (its private_key)',
    keywords: ['service_account'],
    // Google writes "type" first; the key follows within a few hundred characters.
    pattern: '"type"\\s*:\\s*"service_account"[\\s\\S]{0,1500}?"private_key"\\s*:\\s*"(-----BEGIN PRIVATE KEY-----[^"]{64,})"',
    secretGroup: 1,
    supersedes: ['private-key'],
  },
  {
    id: 'google-oauth-client-secret',
    description: 'Google OAuth client secret',
    keywords: ['gocspx-'],
    pattern: '\\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])',
    minEntropy: 3,
  },
  {
    id: 'google-oauth-access-token',
    description: 'Google OAuth access token',
    keywords: ['ya29.'],
    pattern: '\\bya29\\.[A-Za-z0-9_-]{30,}',
    minEntropy: 3,
  },
  {
    id: 'google-oauth-refresh-token',
    description: 'Google OAuth refresh token',
    keywords: ['1//0'],
    pattern: '(?<![A-Za-z0-9/])1//0[A-Za-z0-9_-]{40,}',
    minEntropy: 3,
  },
];
