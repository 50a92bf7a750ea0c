// The `vaultfile` executable, built as CommonJS (dist/bin.cjs): Node starts a
// CommonJS file about 15 ms sooner than an ES module. The pre-commit hook's
// `scan` runs from a CommonJS bundle of its own (dist/scan.cjs), which reaches
// for the ES module library only when there is a vault to look for values of;
// every other command goes on to the ES module build of the CLI (dist/cli.js).
const argv = process.argv.slice(2);
const ES_MODULE_CLI = './cli.js'; // a build output next to this file, not a source module
if (argv[0] === 'scan' && !argv.includes('--help') && !argv.includes('-h')) require('./scan.cjs');
else void import(ES_MODULE_CLI);
