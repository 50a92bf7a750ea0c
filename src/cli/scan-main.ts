// `vaultfile scan` on its own (dist/scan.cjs, started by bin.cjs): the same
// command as through cli.js, bundled without the rest of the CLI.
import { parseFast } from './command.js';
import scan from './commands/scan.js';
import { finish } from './finish.js';

const argv = process.argv.slice(3);
finish(
  Promise.resolve().then(() => scan.run(parseFast(scan, argv))),
  argv,
);
