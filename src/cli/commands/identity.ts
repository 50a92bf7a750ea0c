import { EnvironmentVariable } from '../../environment.js';
import { VaultfileError } from '../../errors.js';
import { createIdentityFile, defaultIdentityPath, findIdentity, recipientOf } from '../../keys/identity.js';
import { defineCommand, vaultOptions } from '../command.js';
import { printJson, printLine } from '../output.js';

interface IdentityArgs {
  action?: string;
  pq?: boolean;
  passphrase?: boolean;
  output?: string;
  json?: boolean;
}

export default defineCommand<IdentityArgs>({
  command: 'identity [action]',
  describe: 'Print your public recipient (what teammates add as a member); "identity new" makes a new identity',
  positionals: { action: { describe: 'new: create an identity file (default: print the recipient)', optional: true } },
  options: {
    pq: { type: 'boolean', describe: 'for new: a post-quantum hybrid key (age1pq1…)' },
    passphrase: { type: 'boolean', describe: `for new: protect the file with a passphrase (asked twice, or ${EnvironmentVariable.passphraseFile})` },
    output: { type: 'string', alias: 'o', describe: 'for new: where to write it (default ~/.config/vaultfile/identity.txt)' },
    json: { type: 'boolean', describe: 'print {"recipients":[…],"source"} as JSON' },
  },
  async run(args) {
    if (args.action === 'new') return createNew(args);
    if (args.action !== undefined) throw new VaultfileError('USAGE', `unknown identity action ${JSON.stringify(args.action)}`, { hint: 'vaultfile identity, or vaultfile identity new' });
    const identity = await findIdentity(vaultOptions(args).identity);
    const recipients = await Promise.all(identity.keys.map((key) => recipientOf(key)));
    if (args.json) printJson({ recipients, source: identity.source });
    else for (const recipient of recipients) printLine(recipient);
  },
});

async function createNew(args: IdentityArgs): Promise<void> {
  const file = args.output ?? defaultIdentityPath();
  const passphrase = args.passphrase ? await newPassphrase() : undefined;
  const created = await createIdentityFile(file, { pq: args.pq ?? false, ...(passphrase === undefined ? {} : { passphrase }) });
  if (args.json) {
    printJson({ ...created, passphraseProtected: passphrase !== undefined });
    return;
  }
  printLine(`created identity ${created.file} (mode 0600${passphrase === undefined ? '' : ', passphrase-protected'}); back it up, it is the only key`);
  printLine(`your recipient, for "vaultfile member add": ${created.recipient}`);
}

async function newPassphrase(): Promise<string> {
  const fromFile = process.env[EnvironmentVariable.passphraseFile];
  if (fromFile) {
    const { readFileSync } = await import('node:fs');
    return readFileSync(fromFile, 'utf8').replace(/\r?\n$/, '');
  }
  if (!process.stdin.isTTY) {
    throw new VaultfileError('USAGE', 'a passphrase is needed and there is no terminal to ask for it', { hint: `set ${EnvironmentVariable.passphraseFile}` });
  }
  const { promptHidden } = await import('../prompt.js');
  const first = await promptHidden('new passphrase: ');
  if (first.length < 8) throw new VaultfileError('USAGE', 'the passphrase is shorter than 8 characters; nothing was written', { hint: 'use several random words' });
  if (first !== (await promptHidden('again, to confirm: '))) throw new VaultfileError('USAGE', 'the two passphrases differ; nothing was written');
  return first;
}
