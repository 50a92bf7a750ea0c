// The fast parser (node:util parseArgs) that hot commands use instead of yargs:
// repeated options, and a command after `--` passed through untouched.
import { describe, expect, it } from 'vitest';
import { defineCommand, parseFast, type CommandDefinition } from '../../src/cli/command.js';
import { VaultfileError } from '../../src/errors.js';

const runLike: CommandDefinition = defineCommand({
  command: 'run [command..]',
  describe: 'test',
  positionals: { command: { describe: 'after --', optional: true, variadic: true, afterDoubleDash: true } },
  options: { prefix: { type: 'string', array: true, describe: 'p' }, override: { type: 'boolean', describe: 'o' } },
  async run() {},
});

const getLike: CommandDefinition = defineCommand({
  command: 'get <path>',
  describe: 'test',
  positionals: { path: { describe: 'p' } },
  options: { json: { type: 'boolean', describe: 'j' } },
  async run() {},
});

function usageError(definition: CommandDefinition, argv: string[]): VaultfileError {
  try {
    parseFast(definition, argv);
  } catch (error) {
    expect(error).toBeInstanceOf(VaultfileError);
    expect((error as VaultfileError).code).toBe('USAGE');
    return error as VaultfileError;
  }
  throw new Error(`parsed ${JSON.stringify(argv)}`);
}

describe('parseFast', () => {
  it('collects a repeated option into an array', () => {
    const args = parseFast(runLike, ['--prefix', 'a', '--prefix=b/c', '--', 'true']);
    expect(args.prefix).toEqual(['a', 'b/c']);
  });

  it('passes everything after -- to the command, options and a second -- included', () => {
    const args = parseFast(runLike, ['--prefix', 'p', '--override', '--', 'node', '--prefix', 'x', '-e', '0', '--', '--help']);
    expect(args.command).toEqual(['node', '--prefix', 'x', '-e', '0', '--', '--help']);
    expect(args.prefix).toEqual(['p']);
    expect(args.override).toBe(true);
  });

  it('gives an empty command when there is nothing after --, or no --', () => {
    expect(parseFast(runLike, ['--prefix', 'p', '--']).command).toEqual([]);
    expect(parseFast(runLike, ['--prefix', 'p']).command).toEqual([]);
  });

  it('insists on -- before the command', () => {
    expect(usageError(runLike, ['--prefix', 'p', 'npm', 'start']).message).toBe('put -- before the command: unexpected argument(s) "npm" "start"');
    const option = usageError(runLike, ['--prefix', 'p', 'node', '-e', '0']);
    expect(option.message).toBe("unknown option '-e'");
    expect(option.hint).toBe('put the command after --; vaultfile run --help');
  });

  it('still refuses anything after -- for commands that take no command', () => {
    expect(usageError(getLike, ['a', '--', 'b']).message).toBe('unexpected argument(s) "b"');
    expect(parseFast(getLike, ['--', '-rf']).path).toBe('-rf');
  });
});
