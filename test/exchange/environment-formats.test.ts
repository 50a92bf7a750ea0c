import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { formatGithubEnvironment } from '../../src/exchange/github-actions.js';
import { formatKubernetesSecret, kubernetesNameFor } from '../../src/exchange/kubernetes.js';
import { formatShellExports } from '../../src/exchange/shell.js';
import { matchVariableNames, VARIABLE_NAME_PATTERN, variableNameFor } from '../../src/exchange/variable-names.js';
import { formatTerraformResult, parseTerraformQuery } from '../../src/exchange/terraform.js';
import { TRICKY_PIECES, variables } from './nasty-values.js';

/** Evaluates the exports in `shell` and prints each variable NUL-terminated; returns the values. */
function evalInShell(shell: string, exports: string, names: string[]): string[] {
  const script = `eval "$(cat)"\nprintf '%s\\0' ${names.map((name) => `"$${name}"`).join(' ')}`;
  const result = spawnSync(shell, ['-c', script], { input: exports, env: { PATH: process.env.PATH } });
  expect(result.status, result.stderr.toString()).toBe(0);
  return result.stdout.toString('utf8').split('\0').slice(0, -1);
}

const shells = ['bash', 'sh', 'zsh'].filter((shell) => spawnSync(shell, ['-c', 'true']).status === 0);

describe('shell exports', () => {
  it.each(shells)('eval in %s gives back the exact values', (shell) => {
    fc.assert(
      fc.property(variables.filter((entries) => entries.length > 0), (entries) => {
        // A prefix keeps names clear of the shell's own (_, UID, PWD…).
        const prefixed = entries.map(({ name, value }) => ({ name: `V_${name}`, value }));
        const values = evalInShell(shell, formatShellExports(prefixed), prefixed.map(({ name }) => name));
        expect(values).toEqual(entries.map(({ value }) => value));
      }),
      { numRuns: 25 },
    );
  });

  it('quotes every tricky piece so the shell runs nothing', () => {
    const entries = TRICKY_PIECES.map((value, index) => ({ name: `V${index}`, value: `${value}$(touch /nonexistent/x)\`id\`` }));
    expect(evalInShell('bash', formatShellExports(entries), entries.map(({ name }) => name))).toEqual(entries.map(({ value }) => value));
    expect(formatShellExports([{ name: 'A', value: "it's" }])).toBe("export A='it'\\''s'\n");
  });
});

describe('GitHub Actions', () => {
  /** Reads a $GITHUB_ENV file the way the runner does on Linux: NAME<<DELIMITER, lines split on \n, DELIMITER. */
  function readGithubEnv(text: string): Record<string, string> {
    const lines = text.split('\n');
    const values: Record<string, string> = {};
    for (let index = 0; index < lines.length; index++) {
      const line = lines[index]!;
      if (line === '') continue;
      const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
      if (!heredoc) throw new Error(`unexpected line ${JSON.stringify(line)}`);
      const body: string[] = [];
      while (lines[++index] !== heredoc[2]) {
        if (index >= lines.length) throw new Error('unterminated heredoc');
        body.push(lines[index]!);
      }
      values[heredoc[1]!] = body.join('\n');
    }
    return values;
  }

  it('writes heredocs the runner reads back exactly, with a random delimiter', () => {
    fc.assert(
      fc.property(variables, (entries) => {
        const { envFile } = formatGithubEnvironment(entries);
        expect(readGithubEnv(envFile)).toEqual(Object.fromEntries(entries.map(({ name, value }) => [name, value])));
      }),
      { numRuns: 200 },
    );
    const delimiters = new Set([1, 2, 3].map(() => /<<(\S+)/.exec(formatGithubEnvironment([{ name: 'A', value: 'v' }]).envFile)![1]));
    expect(delimiters.size).toBe(3);
    for (const delimiter of delimiters) expect(delimiter).toMatch(/^ghadelimiter_[0-9a-f-]{36}$/);
  });

  it('masks every non-empty line of every value, escaping %', () => {
    const { masks } = formatGithubEnvironment([
      { name: 'A', value: 'line one\n\nline%two\r\n' },
      { name: 'B', value: '' },
      { name: 'C', value: 'pem-body' },
    ]);
    expect(masks).toBe('::add-mask::line one\n::add-mask::line%25two\n::add-mask::pem-body\n');
  });

  it('refuses a delimiter a value holds', () => {
    expect(() => formatGithubEnvironment([{ name: 'A', value: 'x EOF y' }], 'EOF')).toThrow('delimiter');
  });
});

describe('Kubernetes Secret', () => {
  it('holds every value base64-encoded under data, as valid YAML', () => {
    const entries = TRICKY_PIECES.map((value, index) => ({ name: `V${index}`, value }));
    const manifest = parseYaml(formatKubernetesSecret(entries, { name: 'prod-app', namespace: 'shop' }));
    expect(manifest).toMatchObject({ apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'prod-app', namespace: 'shop' } });
    for (const { name, value } of entries) expect(Buffer.from(manifest.data[name], 'base64').toString('utf8')).toBe(value);
  });

  it('names the Secret after the prefix and refuses invalid names', () => {
    expect(kubernetesNameFor('Prod/my_app')).toBe('prod-my-app');
    expect(() => formatKubernetesSecret([], { name: 'Bad_Name' })).toThrow('--name "Bad_Name" is not a valid Kubernetes name');
    expect(() => formatKubernetesSecret([], { name: 'ok', namespace: '-x' })).toThrow('--namespace "-x"');
    expect(formatKubernetesSecret([], { name: 'ok' })).toContain('data: {}\n');
  });
});

describe('variable names', () => {
  it.each([
    ['db_password', 'DB_PASSWORD'],
    ['stripe/key', 'STRIPE_KEY'],
    ['db-url.v2', 'DB_URL_V2'],
    ['API_TOKEN', 'API_TOKEN'],
    ['1password', '1PASSWORD'],
  ])('%s becomes %s', (path, name) => {
    expect(variableNameFor(path)).toBe(name);
  });

  it('only valid names pass the pattern', () => {
    expect(VARIABLE_NAME_PATTERN.test('1PASSWORD')).toBe(false);
    expect(VARIABLE_NAME_PATTERN.test('_X1')).toBe(true);
    expect(VARIABLE_NAME_PATTERN.test('A-B')).toBe(false);
  });

  it('selects environment variables by glob', () => {
    const env = { DB_HOST: 'h', DB_PASSWORD: 'p', DBX: 'x', API_DB_KEY: 'k', UNSET: undefined, 'A.B': 'dot' };
    expect(matchVariableNames(env, ['DB_*'])).toEqual(['DB_HOST', 'DB_PASSWORD']);
    expect(matchVariableNames(env, ['*DB*'])).toEqual(['API_DB_KEY', 'DBX', 'DB_HOST', 'DB_PASSWORD']);
    expect(matchVariableNames(env, ['DB?', 'A.B'])).toEqual(['A.B', 'DBX']);
    expect(matchVariableNames(env, ['UNSET', 'db_*'])).toEqual([]);
  });
});

describe('Terraform external protocol', () => {
  it('reads a query of result names and secret paths', () => {
    expect(parseTerraformQuery('{"db_password": "prod/db/password", "key": "prod/api/key"}')).toEqual([
      { key: 'db_password', path: 'prod/db/password' },
      { key: 'key', path: 'prod/api/key' },
    ]);
    expect(formatTerraformResult(new Map([['a', 'x"y\n']]))).toBe('{"a":"x\\"y\\n"}\n');
  });

  it.each([
    ['', 'not valid JSON'],
    ['[1]', 'must be a JSON object'],
    ['null', 'must be a JSON object'],
    ['{}', 'names no secrets'],
    ['{"a": 1}', 'value for "a" must be a secret path string'],
  ])('refuses %j', (text, message) => {
    expect(() => parseTerraformQuery(text)).toThrow(message);
  });
});
