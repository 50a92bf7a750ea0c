import type { Finding } from './types.js';

/** A file that must not be committed whatever it holds. */
interface ForbiddenFile {
  id: string;
  description: string;
  matches(path: string, name: string): boolean;
}

const ENV_TEMPLATE = /\.(example|sample|template|dist|defaults?)$/i;
const PRIVATE_KEY_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk']);

const FORBIDDEN_FILES: ForbiddenFile[] = [
  {
    id: 'forbidden-file:dotenv',
    description: 'a .env file (environment secrets); commit .env.example instead',
    matches: (_, name) => (name === '.env' || name.startsWith('.env.')) && !ENV_TEMPLATE.test(name),
  },
  {
    id: 'forbidden-file:private-key',
    description: 'a private key file',
    matches: (_, name) => PRIVATE_KEY_NAMES.has(name) || /\.(pem|key|p12|pfx|jks|keystore|ppk)$/i.test(name),
  },
  { id: 'forbidden-file:credentials-json', description: 'a cloud credentials file', matches: (_, name) => name === 'credentials.json' || name === 'service-account.json' },
  { id: 'forbidden-file:vault-token', description: 'a HashiCorp Vault token file', matches: (_, name) => name === '.vault-token' },
  { id: 'forbidden-file:netrc', description: 'a .netrc or .npmrc/.pypirc with credentials', matches: (_, name) => name === '.netrc' || name === '_netrc' || name === '.pypirc' },
  {
    id: 'forbidden-file:age-identity',
    description: 'an age identity file (a private key)',
    matches: (path, name) => (name === 'identity.txt' && path.includes('vaultfile')) || (name === 'keys.txt' && path.includes('age/')),
  },
];

/**
 * Files that are findings by their name alone, unless the `forbidden-files`
 * switch or that name's rule is in `disabled`. Public-key and template files
 * are fine.
 */
function forbiddenFileFindings(path: string, disabled: ReadonlySet<string>): Finding[] {
  const found: Finding[] = [];
  if (disabled.has('forbidden-files')) return found;
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.pub$/i.test(name)) return found;
  // A loop rather than filter and map: a scan asks this of every file, and almost every answer is none.
  for (const rule of FORBIDDEN_FILES) {
    if (rule.matches(path, name) && !disabled.has(rule.id)) {
      found.push({ file: path, line: 1, column: 1, rule: rule.id, description: rule.description, secret: name, lineText: '', previousLineText: '' });
    }
  }
  return found;
}

/**
 * The findings a file's path makes on its own: a forbidden name (unless the
 * `forbidden-files` switch or that name's rule is disabled), or a plaintext
 * file inside the vault folder `vaultDir`.
 */
export function pathFindings(path: string, disabled: ReadonlySet<string>, vaultDir: string | undefined): Finding[] {
  const found = forbiddenFileFindings(path, disabled);
  const stray = vaultDir === undefined ? null : strayVaultFileFinding(path, vaultDir);
  if (stray !== null) found.push(stray);
  return found;
}

/**
 * A plaintext file inside the vault folder: only secret files, keyrings and
 * the folder's .gitignore belong there.
 */
function strayVaultFileFinding(path: string, vaultDir: string): Finding | null {
  const prefix = `${vaultDir}/`;
  if (!path.startsWith(prefix)) return null;
  const inside = path.slice(prefix.length);
  if (inside.endsWith('.secret') || inside === '.gitignore' || /^\.keyrings\/[a-z0-9][a-z0-9_-]*\.age$/.test(inside)) return null;
  return {
    file: path,
    line: 1,
    column: 1,
    rule: 'forbidden-file:vault-plaintext',
    description: 'a file inside the vault folder that is not an encrypted secret file',
    secret: inside,
    lineText: '',
    previousLineText: '',
  };
}
