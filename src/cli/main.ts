import { reportError } from './report-error.js';

// Commands that scripts call in loops skip yargs (its load is most of a cold
// start) and parse the same option table with node:util instead. Help, unknown
// commands and everything else go through yargs.
const FAST_COMMANDS = {
  get: () => import('./commands/get.js'),
  set: () => import('./commands/set.js'),
  list: () => import('./commands/list.js'),
  scan: () => import('./commands/scan.js'),
} as const;

declare const VAULTFILE_VERSION: string;

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (argv.length === 1 && (command === '--version' || command === '-V')) {
    process.stdout.write(`${typeof VAULTFILE_VERSION === 'string' ? VAULTFILE_VERSION : 'dev'}\n`);
    return 0;
  }
  if (command !== undefined && Object.hasOwn(FAST_COMMANDS, command) && !argv.includes('--help') && !argv.includes('-h')) {
    const load = FAST_COMMANDS[command as keyof typeof FAST_COMMANDS];
    const [{ parseFast }, { default: definition }] = await Promise.all([import('./command.js'), load()]);
    await definition.run(parseFast(definition, argv.slice(1)));
    return 0;
  }
  const { runApp } = await import('./app.js');
  await runApp(argv);
  return 0;
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode ??= code; // a command may have set its own (scan: 1 for findings)
  },
  (error: unknown) => {
    process.exitCode = reportError(error, { verbose: argv.includes('--verbose'), json: argv.includes('--json') });
  },
);
