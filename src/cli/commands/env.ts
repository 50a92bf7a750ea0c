import { appendFileSync } from 'node:fs';
import { EnvironmentVariable } from '../../environment.js';
import { VaultfileError } from '../../errors.js';
import { formatDotenv } from '../../exchange/dotenv.js';
import { formatGithubEnvironment } from '../../exchange/github-actions.js';
import { formatKubernetesSecret, kubernetesNameFor } from '../../exchange/kubernetes.js';
import { formatShellExports } from '../../exchange/shell.js';
import { openVault } from '../../vault/vault.js';
import { defineCommand, vaultOptions } from '../command.js';
import { note, writeOut } from '../output.js';
import { parseNames, variableOptions, type VariableArgs } from '../variable-options.js';

const FORMATS = ['dotenv', 'json', 'shell', 'github', 'k8s'] as const;

interface EnvArgs extends VariableArgs {
  format?: string;
  name?: string;
  namespace?: string;
}

export default defineCommand<EnvArgs>({
  command: 'env',
  describe: 'Print secrets as environment variables: dotenv, JSON, shell exports, GitHub Actions or a Kubernetes Secret',
  options: {
    ...variableOptions,
    format: { type: 'string', describe: `${FORMATS.join(', ')} (default dotenv)` },
    name: { type: 'string', describe: 'k8s: the Secret\'s name (default: the first prefix, like prod-app)' },
    namespace: { type: 'string', describe: 'k8s: the Secret\'s namespace' },
  },
  examples: [
    ['vaultfile env --prefix dev/app > .env.local', 'a dotenv file (keep it out of git: vaultfile scan flags .env files)'],
    ['eval "$(vaultfile env --prefix dev/app --format shell)"', 'export them into the current shell'],
    ['vaultfile env --prefix prod/app --format github', 'in a GitHub Actions step: mask the values, pass them to later steps'],
    ['vaultfile env --prefix prod/app --format k8s --namespace shop | kubectl apply -f -', 'a Kubernetes Secret'],
  ],
  async run(args) {
    const format = args.format ?? 'dotenv';
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new VaultfileError('USAGE', `unknown format ${JSON.stringify(format)}`, { hint: `--format takes ${FORMATS.join(', ')}` });
    }
    const githubEnv = process.env[EnvironmentVariable.githubEnv];
    if (format === 'github' && (githubEnv === undefined || githubEnv === '')) {
      throw new VaultfileError('USAGE', `--format github needs ${EnvironmentVariable.githubEnv}, which is not set`, { hint: 'use it inside a GitHub Actions step; elsewhere pick another --format' });
    }
    const prefixes = args.prefix ?? [];
    const vault = await openVault(vaultOptions(args));
    const variables = await vault.variables({ prefixes, names: parseNames(args.as ?? []) });
    if (format === 'dotenv') writeOut(formatDotenv(variables));
    else if (format === 'shell') writeOut(formatShellExports(variables));
    else if (format === 'json') writeOut(`${JSON.stringify(Object.fromEntries(variables.map(({ name, value }) => [name, value])), null, 2)}\n`);
    else if (format === 'k8s') {
      const name = args.name ?? (prefixes[0] === undefined ? undefined : kubernetesNameFor(prefixes[0].replace(/\/$/, '')));
      if (name === undefined) throw new VaultfileError('USAGE', 'the Secret needs a name', { hint: 'give --name, like --name app-secrets' });
      writeOut(formatKubernetesSecret(variables, { name, ...(args.namespace === undefined ? {} : { namespace: args.namespace }) }));
    } else {
      const { envFile, masks } = formatGithubEnvironment(variables);
      writeOut(masks); // first, so the values are masked before anything could print them
      try {
        appendFileSync(githubEnv!, envFile);
      } catch (error) {
        throw new VaultfileError('USAGE', `cannot append to ${EnvironmentVariable.githubEnv} (${githubEnv}): ${(error as NodeJS.ErrnoException).code ?? 'failed'}`, {
          hint: 'the runner sets it to a writable file; check the step does not override it',
        });
      }
      note(`added ${variables.map(({ name }) => name).join(', ')} to ${EnvironmentVariable.githubEnv} for the next steps`);
    }
  },
});
