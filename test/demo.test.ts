// The README's first command ends in `npm run demo`; keep it working.
import { describe, expect, it } from 'vitest';
import { REPO, runNode, Sandbox } from './support.js';

describe('npm run demo', () => {
  it('runs the whole walk-through on a throwaway vault and says every step behaved', async () => {
    const sandbox = new Sandbox();
    const result = await runNode(['scripts/demo.mjs'], { cwd: REPO, env: sandbox.env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('demo finished: every step behaved as expected');
    expect(result.stdout).toContain('(exit 5, as expected)');
    expect(result.stdout).toMatch(/vaultfile: set prod\/db\/password \(v2\)/);
    expect(result.stdout).toContain('the program sees PASSWORD, 18 characters long'); // vaultfile run
    expect(result.stdout).not.toContain('EvenMoreSecure456!');
  });
});
