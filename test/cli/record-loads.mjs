// Loaded with `node --import` by run.test.ts: appends the URL of every module
// the process loads from disk to the file VAULTFILE_TEST_LOADS names.
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (url.startsWith('file:')) appendFileSync(process.env.VAULTFILE_TEST_LOADS, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
