// Reading secrets from Node.js through vaultfile's library API: no child
// process, the same checks and errors as the CLI.
//
//   node read-secret.mjs prod/db/password    prints the value, as `vaultfile get` does
//   node read-secret.mjs --prefix prod/app   prints the variable names `vaultfile run` would set
import { openVault, VaultfileError } from 'vaultfile';

/** The value of one secret, as text. */
async function readSecret(path) {
  const vault = await openVault(); // finds .secretsrc from the current folder up
  const { value } = await vault.get(path);
  return new TextDecoder().decode(value);
}

/** Every secret below a prefix, as NAME -> value (the names `vaultfile run --prefix` uses). */
async function readEnvironment(prefix) {
  const vault = await openVault();
  const variables = await vault.variables({ prefixes: [prefix] });
  return Object.fromEntries(variables.map(({ name, value }) => [name, value]));
}

const [first, second] = process.argv.slice(2);
try {
  if (first === '--prefix') console.log(Object.keys(await readEnvironment(second)).join('\n'));
  else process.stdout.write(await readSecret(first));
} catch (error) {
  if (!(error instanceof VaultfileError)) throw error;
  console.error(`vaultfile: ${error.message} (${error.code})${error.hint ? `; ${error.hint}` : ''}`);
  process.exitCode = error.exitCode; // 3 not found, 4 no access, 5 tampered…
}
