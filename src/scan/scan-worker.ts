// A scan worker: waits for its task, takes files from the shared counter until none are left and posts what it found.
// node:v8 is loaded here, not in parallel.ts: the main thread never sets a flag, and loading it costs a thread about 3 ms.
import { setFlagsFromString } from 'node:v8';
import { parentPort } from 'node:worker_threads';
import { scanClaimedFilesInWorker, type WorkerTask } from './parallel.js';

parentPort!.once('message', ({ job, shared, baselineCompiler }: WorkerTask) => {
  // Only now that this thread has booted: see ScanWorkers.run.
  if (baselineCompiler) setFlagsFromString('--max-opt=1');
  void scanClaimedFilesInWorker(job, shared).then((result) => parentPort!.postMessage(result));
});
