import type { ScanRule } from '../types.js';

// Package registries. npm granular and automation tokens are npm_ and 36
// base62 characters (older ones were UUIDs in .npmrc's _authToken); PyPI tokens
// are macaroons, "pypi-" then base64 that always begins with the encoded
// location (pypi.org or test.pypi.org); Docker Hub access tokens are dckr_pat_
// (personal) or dckr_oat_ (organization); RubyGems rubygems_ and 48 hex; NuGet
// oy2 and 43 lower-case characters; crates.io cio and 32 characters.

/** Package registry tokens. */
export const packageRules: ScanRule[] = [
  {
    id: 'npm-access-token',
    description: 'npm access token',
    keywords: ['npm_'],
    keywordsMatchCase: true,
    pattern: '\\bnpm_[A-Za-z0-9]{36}\\b',
    minEntropy: 3,
  },
  {
    id: 'npm-legacy-auth-token',
    description: 'npm legacy (UUID) auth token in an .npmrc',
    keywords: ['_authtoken'],
    pattern: '_authToken\\s*=\\s*([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\b',
    secretGroup: 1,
    minEntropy: 3,
  },
  {
    id: 'pypi-upload-token',
    description: 'PyPI or TestPyPI API token',
    keywords: ['pypi-age'],
    pattern: '\\bpypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_-]{50,}',
  },
  {
    id: 'docker-hub-token',
    description: 'Docker Hub personal or organization access token',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    pattern: '\\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}',
    minEntropy: 3,
  },
  {
    id: 'rubygems-api-key',
    description: 'RubyGems API key',
    keywords: ['rubygems_'],
    pattern: '\\brubygems_[a-f0-9]{48}\\b',
    minEntropy: 3,
  },
  {
    id: 'nuget-api-key',
    description: 'NuGet.org API key',
    keywords: ['oy2'],
    pattern: '\\boy2[a-z0-9]{43}\\b',
    minEntropy: 3,
  },
  {
    id: 'crates-io-token',
    description: 'crates.io API token',
    keywords: ['cio'],
    keywordsMatchCase: true,
    pattern: '\\bcio[A-Za-z0-9]{32}\\b',
    minEntropy: 3.5,
  },
];
