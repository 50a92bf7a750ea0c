// A scan worker: takes files from the shared counter until none are left and posts what it found.
import { parentPort, workerData } from 'node:worker_threads';
import { scanClaimedFilesInWorker, type FileScanJob } from './parallel.js';

const { job, shared } = workerData as { job: FileScanJob; shared: Int32Array };
void scanClaimedFilesInWorker(job, shared).then((result) => parentPort!.postMessage(result));
