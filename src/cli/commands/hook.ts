import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { VaultfileError } from '../../errors.js';
import { findGitRoot } from '../../git/repository.js';
import { defineCommand } from '../command.js';
import { shellQuote } from '../shell.js';
import { printJson, printLine } from '../output.js';

interface HookArgs {
  action: string;
  command?: string;
  json?: boolean;
}

export default defineCommand<HookArgs>({
  command: 'hook <action>',
  describe: 'The pre-commit hook: "install" (runs vaultfile scan --staged; keeps an existing hook), "uninstall", "status" (proves it blocks)',
  positionals: { action: { describe: 'install, uninstall or status' } },
  options: {
    command: { type: 'string', describe: 'for install: how the hook calls vaultfile (default: this vaultfile)' },
    json: { type: 'boolean', describe: 'print the result as JSON' },
  },
  async run(args) {
    const root = findGitRoot(args.cwd ?? process.cwd());
    if (root === undefined) throw new VaultfileError('USAGE', 'not in a git repository', { hint: 'run vaultfile hook install inside the repository to protect' });
    const hooks = await import('../../git/hooks.js');
    if (args.action === 'install') {
      const command = args.command ?? `${shellQuote(process.execPath)} ${shellQuote(executable())}`;
      const state = await hooks.installHook(root, command);
      if (args.json) printJson(state);
      else printLine(`installed ${state.file}${state.chained ? ' (the hook that was there runs first)' : ''}; check it with vaultfile hook status`);
    } else if (args.action === 'uninstall') {
      const state = await hooks.uninstallHook(root);
      if (args.json) printJson(state);
      else printLine(`removed the vaultfile hook from ${state.folder}`);
    } else if (args.action === 'status') {
      const state = await hooks.readHookState(root);
      const proof = state.installed ? await hooks.proveHookBlocks(root, state.file) : undefined;
      if (args.json) printJson({ ...state, ...(proof ? { proof } : {}) });
      else if (!state.installed) printLine(`no vaultfile hook in ${state.folder}; vaultfile hook install adds one`);
      else if (proof!.blocked) printLine(`${state.file} is installed and blocked a staged decoy secret (exit ${proof!.exitCode})`);
      else printLine(`${state.file} is installed but did NOT block a staged decoy secret (exit ${proof!.exitCode}):\n${proof!.output}`);
      if (!state.installed || !proof?.blocked) process.exitCode = 1;
    } else {
      throw new VaultfileError('USAGE', `unknown hook action ${JSON.stringify(args.action)}`, { hint: 'hook install, hook uninstall or hook status' });
    }
  },
});

/** This vaultfile's executable: the CommonJS launcher beside the running script when there is one (it starts the scanner fastest). */
function executable(): string {
  const script = process.argv[1]!;
  const launcher = join(dirname(script), 'bin.cjs');
  return existsSync(launcher) ? launcher : script;
}
