import { finish, ownArguments } from './finish.js';

// Commands that scripts call in loops skip yargs (its load is most of a cold
// start) and parse the same option table with node:util instead; so does
// import, whose file `-` (standard input) yargs would take for an option. Help,
// unknown commands and everything else go through yargs.
const FAST_COMMANDS = {
  get: () => import('./commands/get.js'),
  set: () => import('./commands/set.js'),
  list: () => import('./commands/list.js'),
  scan: () => import('./commands/scan.js'),
  run: () => import('./commands/run.js'),
  env: () => import('./commands/env.js'),
  terraform: () => import('./commands/terraform.js'),
  import: () => import('./commands/import.js'),
} as const;

declare const VAULTFILE_VERSION: string;

async function main(argv: string[]): Promise<void> {
  const command = argv[0];
  if (argv.length === 1 && (command === '--version' || command === '-V')) {
    process.stdout.write(`${typeof VAULTFILE_VERSION === 'string' ? VAULTFILE_VERSION : 'dev'}\n`);
    return;
  }
  const own = ownArguments(argv);
  if (command !== undefined && Object.hasOwn(FAST_COMMANDS, command) && !own.includes('--help') && !own.includes('-h')) {
    const load = FAST_COMMANDS[command as keyof typeof FAST_COMMANDS];
    const [{ parseFast }, { default: definition }] = await Promise.all([import('./command.js'), load()]);
    await definition.run(parseFast(definition, argv.slice(1)));
    return;
  }
  const { runApp } = await import('./app.js');
  await runApp(argv);
}

const argv = process.argv.slice(2);
void finish(main(argv), argv);
