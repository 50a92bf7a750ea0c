import { VaultfileError } from '../errors.js';
import type { DotenvEntry } from './dotenv.js';

// A DNS subdomain name (RFC 1123), what Kubernetes requires of a Secret's name and namespace.
const OBJECT_NAME = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A Secret's default name from a prefix: `prod/app` gives `prod-app`. */
export function kubernetesNameFor(prefix: string): string {
  return prefix.toLowerCase().replace(/[/_]/g, '-');
}

/**
 * A Kubernetes `Secret` manifest (YAML) holding the variables base64-encoded
 * under `data`. Every scalar is double-quoted, so no value or name can be read
 * as another YAML type.
 */
export function formatKubernetesSecret(variables: readonly DotenvEntry[], options: { name: string; namespace?: string }): string {
  for (const [option, value] of [['--name', options.name], ['--namespace', options.namespace]] as const) {
    if (value !== undefined && !OBJECT_NAME.test(value)) {
      throw new VaultfileError('USAGE', `${option} ${JSON.stringify(value)} is not a valid Kubernetes name`, {
        hint: 'lower-case letters, digits, - and ., starting and ending with a letter or digit',
      });
    }
  }
  const lines = ['apiVersion: v1', 'kind: Secret', 'metadata:', `  name: ${JSON.stringify(options.name)}`];
  if (options.namespace !== undefined) lines.push(`  namespace: ${JSON.stringify(options.namespace)}`);
  lines.push('type: Opaque', variables.length === 0 ? 'data: {}' : 'data:');
  for (const { name, value } of variables) lines.push(`  ${name}: ${JSON.stringify(Buffer.from(value, 'utf8').toString('base64'))}`);
  return `${lines.join('\n')}\n`;
}
