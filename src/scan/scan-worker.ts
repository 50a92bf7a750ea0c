// A scan worker: waits for its job, takes files from the shared counter until none are left and posts what it found.
import { parentPort } from 'node:worker_threads';
import { scanClaimedFilesInWorker, type FileScanJob } from './parallel.js';

parentPort!.once('message', ({ job, shared }: { job: FileScanJob; shared: Int32Array }) => {
  void scanClaimedFilesInWorker(job, shared).then((result) => parentPort!.postMessage(result));
});
