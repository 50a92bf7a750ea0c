// Loaded with `node --require` by scan.test.ts: when the process exits, writes
// the names of the Node built-in modules it loaded, one a line, to the file
// VAULTFILE_TEST_BUILTINS names.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
  writeFileSync(process.env.VAULTFILE_TEST_BUILTINS, `${builtins.join('\n')}\n`);
});
