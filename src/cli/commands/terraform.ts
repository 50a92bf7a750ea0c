import { formatTerraformResult, parseTerraformQuery } from '../../exchange/terraform.js';
import { secretText } from '../../vault/variables.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { writeOut } from '../output.js';

export default defineCommand<Record<string, never>>({
  command: 'terraform',
  describe: 'Answer a Terraform "external" data source: {"name": "secret/path", …} on standard input, {"name": "value", …} on standard output',
  options: {},
  examples: [
    ['echo \'{"db_password": "prod/db/password"}\' | vaultfile terraform', 'what Terraform does for data "external" with program = ["vaultfile", "terraform"]'],
  ],
  async run(args) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const requests = parseTerraformQuery(Buffer.concat(chunks).toString('utf8'));
    const vault = await openVault(vaultOptions(args));
    const values = new Map<string, string>();
    for (const { key, path } of requests) values.set(key, secretText(path, (await vault.get(path)).value));
    writeOut(formatTerraformResult(values));
  },
});
