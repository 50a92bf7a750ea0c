// A scan worker: waits for its job, takes files from the shared counter until none are left and posts what it found.
import { parentPort } from 'node:worker_threads';
import { runWorkerTask, type WorkerTask } from './parallel.js';

parentPort!.once('message', (task: WorkerTask) => {
  void runWorkerTask(task).then((result) => parentPort!.postMessage(result));
});
