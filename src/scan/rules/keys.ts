import type { ScanRule } from '../types.js';

// Private keys in their standard text encodings. A block must have a body of
// base64 (escaped newlines allowed, as in JSON) and its END line, so that a
// header quoted in documentation, or a body elided with "…", is not a finding.

/** Private keys and signed tokens. */
export const keyRules: ScanRule[] = [
  {
    id: 'private-key',
    description: 'PEM private key (PKCS#1, PKCS#8, SEC1 EC, DSA, or encrypted PKCS#8)',
    keywords: ['private key-----'],
    pattern: '-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----[A-Za-z0-9+/=\\s\\\\:,-]{64,}?-----END \\1-----',
  },
  {
    id: 'openssh-private-key',
    description: 'OpenSSH private key',
    keywords: ['begin openssh private key'],
    pattern: '-----BEGIN OPENSSH PRIVATE KEY-----[A-Za-z0-9+/=\\s\\\\]{64,}?-----END OPENSSH PRIVATE KEY-----',
  },
  {
    id: 'pgp-private-key-block',
    description: 'OpenPGP armored private key block',
    keywords: ['begin pgp private key block'],
    // Armor headers (Version:, Comment:) may precede the body.
    pattern: '-----BEGIN PGP PRIVATE KEY BLOCK-----[A-Za-z0-9+/=\\s\\\\:,.()@<>-]{64,}?-----END PGP PRIVATE KEY BLOCK-----',
  },
  {
    id: 'putty-private-key',
    description: 'PuTTY private key file (.ppk)',
    keywords: ['putty-user-key-file-'],
    pattern: 'PuTTY-User-Key-File-[23]: [^\\r\\n]+(?:\\r?\\n[^\\r\\n]*){2,40}?\\r?\\nPrivate-Lines: [0-9]+\\r?\\n[A-Za-z0-9+/=]{40,}',
  },
  {
    id: 'age-secret-key',
    description: 'age secret key (X25519 or post-quantum hybrid)',
    keywords: ['age-secret-key-'],
    pattern: '\\bAGE-SECRET-KEY-(?:PQ-)?1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\\b',
  },
  {
    id: 'jwt',
    description: 'JSON Web Token with a signature',
    keywords: ['eyJ'],
    keywordsMatchCase: true,
    // Header and payload are base64url JSON objects, so both start "eyJ"; an empty signature (alg none) is not a credential.
    pattern: '\\beyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{16,}',
    // The example token shown on jwt.io.
    examples: ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'],
  },
];
