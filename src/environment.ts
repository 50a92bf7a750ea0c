import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

import { EnvironmentVariable } from './environment-variables.js';

export { EnvironmentVariable };

/**
 * An XDG base folder (`XDG_CONFIG_HOME` or `XDG_CACHE_HOME`), falling back to
 * `~/.config` or `~/.cache`. Relative values are ignored, as the spec says.
 */
export function xdgBaseFolder(kind: 'config' | 'cache', env: Readonly<Record<string, string | undefined>>): string {
  const value = env[kind === 'config' ? EnvironmentVariable.xdgConfigHome : EnvironmentVariable.xdgCacheHome];
  return value !== undefined && value !== '' && isAbsolute(value) ? value : join(env.HOME ?? homedir(), `.${kind}`);
}
