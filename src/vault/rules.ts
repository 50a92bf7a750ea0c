import ignore, { type Ignore } from 'ignore';
import { VaultfileError } from '../errors.js';
import type { PathRule } from './config.js';

/** Rules compiled once: .gitignore-style globs, first match wins. */
export class RuleSet {
  private readonly matchers: { rule: PathRule; matcher: Ignore }[];

  constructor(readonly rules: readonly PathRule[]) {
    this.matchers = rules.map((rule) => ({ rule, matcher: ignore().add(rule.glob) }));
  }

  /** The first rule matching `path`, or undefined. */
  match(path: string): PathRule | undefined {
    return this.matchers.find(({ matcher }) => matcher.ignores(path))?.rule;
  }

  /** The group for `path`; NO_RULE when no rule matches (an explicit error, never a default). */
  groupFor(path: string): string {
    const rule = this.match(path);
    if (rule === undefined) {
      throw new VaultfileError('NO_RULE', `no rule in .secretsrc matches ${JSON.stringify(path)}`, {
        hint: 'add a rule mapping a glob that covers it to a group (rules: - glob: "prod/**" group: prod)',
      });
    }
    return rule.group;
  }
}
