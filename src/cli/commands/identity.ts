import { findIdentity, recipientOf } from '../../keys/identity.js';
import { defineCommand } from '../command.js';
import { printJson, printLine } from '../output.js';

export default defineCommand<{ json?: boolean }>({
  command: 'identity',
  describe: 'Print your public age recipient (what teammates add as a member)',
  options: { json: { type: 'boolean', describe: 'print {"recipients":[…],"source"} as JSON' } },
  async run(args) {
    const identity = findIdentity(args.identity === undefined ? {} : { file: args.identity });
    const recipients = await Promise.all(identity.keys.map((key) => recipientOf(key)));
    if (args.json) printJson({ recipients, source: identity.source });
    else for (const recipient of recipients) printLine(recipient);
  },
});
