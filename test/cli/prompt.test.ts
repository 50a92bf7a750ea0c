// `set` on a terminal asks twice with echo off. A real pseudo-terminal comes from
// util-linux `script`, which Debian installs everywhere (package bsdutils).
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { CLI, Sandbox } from '../support.js';

const hasScript = spawnSync('script', ['--version']).status === 0;

/** Runs `vaultfile ARGS` on a pseudo-terminal, typing each answer after a pause. */
async function onTerminal(sandbox: Sandbox, args: string[], answers: string[]): Promise<{ code: number | null; output: string }> {
  const command = [process.execPath, CLI, ...args].map((part) => `'${part}'`).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: sandbox.work, env: sandbox.env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  // Type each answer only once its prompt is on screen, as a person would: text typed
  // before the terminal leaves echo mode would be echoed by the terminal itself.
  const prompts = ['(input hidden): ', 'again, to confirm: '];
  for (const [index, answer] of answers.entries()) {
    while (!output.includes(prompts[index]!) && child.exitCode === null) await sleep(20);
    await sleep(50);
    child.stdin.write(`${answer}\r`);
  }
  const code = await closed;
  return { code, output };
}

describe.skipIf(!hasScript)('set on a terminal (skipped: util-linux script is not installed)', () => {
  it('prompts twice without echoing what is typed', async () => {
    const sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'alice']);
    const { code, output } = await onTerminal(sandbox, ['set', 'tty/secret'], ['typed-secret', 'typed-secret']);
    expect(code).toBe(0);
    expect(output).toContain('value for tty/secret (input hidden):');
    expect(output).toContain('again, to confirm:');
    expect(output).not.toContain('typed-secret');
    expect((await sandbox.ok(['get', 'tty/secret'])).stdout).toBe('typed-secret');
  });

  it('stores nothing when the two entries differ', async () => {
    const sandbox = new Sandbox();
    await sandbox.ok(['init', '--name', 'alice']);
    const { code, output } = await onTerminal(sandbox, ['set', 'tty/secret'], ['first-try', 'second-try']);
    expect(code).toBe(2);
    expect(output).toContain('the two entries differ; nothing was stored (USAGE)');
    expect((await sandbox.run(['get', 'tty/secret'])).code).toBe(3);
  });
});
