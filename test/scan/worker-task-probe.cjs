// Run by reading.test.ts under `node --trace-opt`: gives the built scan worker
// (the script named first) an empty task, asking for V8's baseline compiler
// when the second argument is `true`, then runs a hot loop on this thread.
// V8's trace on standard output says whether its optimising compiler ran.
const { Worker } = require('node:worker_threads');

const [script, baselineCompiler] = process.argv.slice(2);
const worker = new Worker(script);
const job = { root: '.', files: [], ignored: new Uint8Array(0), maxBytes: 1, disabledRules: [], runGeneric: false };
worker.once('message', (result) => {
  const mix = (value) => (value * 31) ^ (value >>> 3);
  let total = 0;
  for (let index = 0; index < 5e6; index++) total = (total + mix(index)) | 0;
  console.log(`scanned ${result.files} file(s), total ${total}`);
  void worker.terminate();
});
worker.postMessage({ job, shared: new Int32Array(new SharedArrayBuffer(8)), baselineCompiler: baselineCompiler === 'true' });
