import type { CommandDefinition } from '../command.js';
import access from './access.js';
import deleteCommand from './delete.js';
import diff from './diff.js';
import doctor from './doctor.js';
import edit from './edit.js';
import env from './env.js';
import exportCommand from './export.js';
import get from './get.js';
import git from './git.js';
import group from './group.js';
import history from './history.js';
import hook from './hook.js';
import identity from './identity.js';
import importCommand from './import.js';
import init from './init.js';
import list from './list.js';
import member from './member.js';
import purge from './purge.js';
import redact from './redact.js';
import rekey from './rekey.js';
import resolve from './resolve.js';
import restore from './restore.js';
import rule from './rule.js';
import run from './run.js';
import scan from './scan.js';
import set from './set.js';
import status from './status.js';
import terraform from './terraform.js';

/** Every command, in the order `--help` lists them. */
export const commands: CommandDefinition[] = [
  init,
  set,
  get,
  list,
  edit,
  deleteCommand,
  restore,
  purge,
  history,
  diff,
  resolve,
  run,
  env,
  importCommand,
  exportCommand,
  terraform,
  member,
  group,
  rule,
  access,
  rekey,
  status,
  scan,
  hook,
  redact,
  git,
  identity,
  doctor,
];
