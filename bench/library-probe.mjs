// Runs one library task in a fresh Node process and prints its timings as one
// line of JSON. A fresh process is the point: module load and openVault are
// measured cold, as a single `vaultfile` invocation meets them. Never prints a
// secret value.
//
//   node bench/library-probe.mjs breakdown '{"library":…,"cwd":…,"identityFile":…,"path":…}'
//   node bench/library-probe.mjs set-many  '{"library":…,"cwd":…,"identityFile":…,"prefix":…,"count":…}'
//   node bench/library-probe.mjs versions  '{"library":…,"cwd":…,"identityFile":…,"path":…,"count":…}'
//   node bench/library-probe.mjs age-wrap  '{"count":…,"recipients":["age1…",…]}'

// Read before any import: static imports are evaluated before this line would
// run, so this file imports nothing statically. performance.now() counts from
// process start, so this is Node's bootstrap plus loading this one file.
const processStartToScriptMs = performance.now();

const TASKS = { breakdown: measureGetBreakdown, 'set-many': measureSetMany, versions: writeVersions, 'age-wrap': measureAgeWrap };

/** One cold get, split into module load, openVault, the first get (which unwraps the keyring) and a repeat get. */
async function measureGetBreakdown({ library, cwd, identityFile, path }) {
  const beforeImport = performance.now();
  const { openVault } = await import(library);
  const beforeOpen = performance.now();
  const vault = await openVault({ cwd, identity: { file: identityFile } });
  const beforeGet = performance.now();
  const first = await vault.get(path);
  const beforeRepeat = performance.now();
  const repeat = await vault.get(path);
  const end = performance.now();
  if (first.value.length === 0 || repeat.value.length === 0) throw new Error(`get ${path} returned an empty value`);
  first.value.fill(0);
  repeat.value.fill(0);
  return {
    processStartToScriptMs,
    moduleLoadMs: beforeOpen - beforeImport,
    openVaultMs: beforeGet - beforeOpen,
    getMs: beforeRepeat - beforeGet,
    repeatGetMs: end - beforeRepeat,
  };
}

/** `count` new secrets through one Vault, as a migration script would write them. */
async function measureSetMany({ library, cwd, identityFile, prefix, count }) {
  const { openVault } = await import(library);
  const { randomSecretValue, secretPathFor } = await import('./lib/workload.mjs');
  const vault = await openVault({ cwd, identity: { file: identityFile } });
  // Values are made up front so only vault.set is inside the timed loop.
  const values = Array.from({ length: count }, randomSecretValue);
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const result = await vault.set(secretPathFor(prefix, index), values[index]);
    if (!result.created) throw new Error(`set ${result.path} did not create a new secret; the vault was not empty`);
  }
  const totalMs = performance.now() - start;
  return { count, totalMs, perSecretMs: totalMs / count };
}

/**
 * `count` versions of one secret, returning the secret file's text after each
 * (metadata and ciphertext only), for building a long git history quickly.
 */
async function writeVersions({ library, cwd, identityFile, path, count }) {
  const { openVault, SECRET_EXTENSION } = await import(library);
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { randomSecretValue } = await import('./lib/workload.mjs');
  const vault = await openVault({ cwd, identity: { file: identityFile } });
  const file = join(vault.folder, ...path.split('/')) + SECRET_EXTENSION;
  const texts = [];
  for (let index = 0; index < count; index++) {
    await vault.set(path, randomSecretValue(), { commit: false });
    texts.push(readFileSync(file, 'utf8'));
  }
  return { texts };
}

/**
 * What a per-file public-key design pays for one membership change: every
 * file's key wrapped again to every recipient. Here: `count` small age files
 * encrypted to `recipients` with age-encryption.
 */
async function measureAgeWrap({ count, recipients }) {
  const { Encrypter } = await import('age-encryption');
  const { randomBytes } = await import('node:crypto');
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  const payloads = Array.from({ length: count }, () => randomBytes(32));
  const start = performance.now();
  let bytes = 0;
  for (const payload of payloads) bytes += (await encrypter.encrypt(payload)).length;
  const totalMs = performance.now() - start;
  return { count, recipients: recipients.length, totalMs, perFileMs: totalMs / count, bytes };
}

async function main() {
  const [taskName, optionsJson] = process.argv.slice(2);
  const task = TASKS[taskName];
  if (task === undefined || optionsJson === undefined) {
    throw new Error(`usage: library-probe.mjs ${Object.keys(TASKS).join('|')} '<options as JSON>'`);
  }
  process.stdout.write(`${JSON.stringify(await task(JSON.parse(optionsJson)))}\n`);
}

main().catch((error) => {
  // vaultfile's errors name paths and codes, never values, so the message is safe to show.
  process.stderr.write(`library-probe: error: ${error?.message ?? error}${error?.hint ? `\nlibrary-probe: hint: ${error.hint}` : ''}\n`);
  process.exitCode = 1;
});
