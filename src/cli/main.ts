import { reportError } from './report-error.js';

// Commands run on every shell prompt or commit hook skip yargs (its load is
// most of a cold start) and parse with node:util instead.
const FAST_COMMANDS = new Set(['get']);

async function main(argv: string[]): Promise<number> {
  const command = argv[0];
  if (command !== undefined && FAST_COMMANDS.has(command) && !argv.includes('--help') && !argv.includes('-h')) {
    const [{ parseFast }, { default: definition }] = await Promise.all([import('./command.js'), import('./commands/get.js')]);
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
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = reportError(error, { verbose: argv.includes('--verbose'), json: argv.includes('--json') });
  },
);
