import { VaultfileError } from '../../errors.js';
import { diagnose } from '../../vault/doctor.js';
import { defineCommand, vaultOptions } from '../command.js';
import { printJson, printLine } from '../output.js';

export default defineCommand<{ json?: boolean }>({
  command: 'doctor',
  describe: 'Check config, identity, keyrings and the integrity of every secret file',
  options: { json: { type: 'boolean', describe: 'print {"ok","checks":[…],"secrets":{…}} as JSON' } },
  async run(args) {
    const report = await diagnose(vaultOptions(args));
    if (args.json) printJson(report);
    else {
      for (const check of report.checks) {
        printLine(`${check.status.padEnd(4)}  ${check.check.padEnd(8)}  ${check.message}`);
        if (check.hint && check.status !== 'ok') printLine(`${''.padEnd(16)}hint: ${check.hint}`);
      }
    }
    if (!report.ok) {
      const failed = report.checks.filter((check) => check.status === 'fail').length;
      throw new VaultfileError('DOCTOR_PROBLEMS', `doctor found ${failed} problem(s)`, { hint: 'fix the failed checks above, then run doctor again' });
    }
  },
});
