import { describe, expect, it } from 'vitest';
import { pathFindings } from '../../src/scan/forbidden.js';

const NONE: ReadonlySet<string> = new Set();

/** The rule each path makes a finding of, or '' for none. */
function rulesOf(paths: string[], disabled = NONE, vaultDir?: string): Record<string, string> {
  return Object.fromEntries(paths.map((path) => [path, pathFindings(path, disabled, vaultDir).map((finding) => finding.rule).join(' ')]));
}

describe('forbidden files', () => {
  it('names private keys by their name or extension, in any letter case, and leaves any .pub file alone', () => {
    expect(
      rulesOf([
        'certs/server.pem',
        'certs/SERVER.PEM',
        'tls/site.Key',
        'store/app.keystore',
        'win/putty.ppk',
        '.pem',
        'deploy/id_ed25519',
        'deploy/id_ed25519.pub',
        'certs/server.pem.pub',
        'keys/.env.pub',
        'certs/server.pem.bak',
        'docs/keys.md',
        'src/monkey',
        'src/key',
        'keystore',
      ]),
    ).toEqual({
      'certs/server.pem': 'forbidden-file:private-key',
      'certs/SERVER.PEM': 'forbidden-file:private-key',
      'tls/site.Key': 'forbidden-file:private-key',
      'store/app.keystore': 'forbidden-file:private-key',
      'win/putty.ppk': 'forbidden-file:private-key',
      '.pem': 'forbidden-file:private-key',
      'deploy/id_ed25519': 'forbidden-file:private-key',
      'deploy/id_ed25519.pub': '',
      'certs/server.pem.pub': '',
      'keys/.env.pub': '',
      'certs/server.pem.bak': '',
      'docs/keys.md': '',
      'src/monkey': '',
      'src/key': '',
      keystore: '',
    });
  });

  it('names .env files but not their templates, and the other credential files', () => {
    expect(rulesOf(['.env', 'app/.env.local', '.env.example', '.env.Sample', 'env', 'gcp/credentials.json', '.vault-token', 'home/.netrc'])).toEqual({
      '.env': 'forbidden-file:dotenv',
      'app/.env.local': 'forbidden-file:dotenv',
      '.env.example': '',
      '.env.Sample': '',
      env: '',
      'gcp/credentials.json': 'forbidden-file:credentials-json',
      '.vault-token': 'forbidden-file:vault-token',
      'home/.netrc': 'forbidden-file:netrc',
    });
  });

  it('skips a disabled rule, or all of them, and flags plaintext files inside the vault folder', () => {
    expect(rulesOf(['.env', 'a.pem'], new Set(['forbidden-file:dotenv']))).toEqual({ '.env': '', 'a.pem': 'forbidden-file:private-key' });
    expect(rulesOf(['.env', 'a.pem'], new Set(['forbidden-files']))).toEqual({ '.env': '', 'a.pem': '' });
    expect(rulesOf(['.vault/prod/db.secret', '.vault/notes.txt', '.vault/.keyrings/ops.age'], NONE, '.vault')).toEqual({
      '.vault/prod/db.secret': '',
      '.vault/notes.txt': 'forbidden-file:vault-plaintext',
      '.vault/.keyrings/ops.age': '',
    });
  });
});
