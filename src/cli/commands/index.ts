import type { CommandDefinition } from '../command.js';
import doctor from './doctor.js';
import edit from './edit.js';
import get from './get.js';
import identity from './identity.js';
import init from './init.js';
import list from './list.js';
import set from './set.js';

/** Every command, in the order `--help` lists them. */
export const commands: CommandDefinition[] = [init, set, get, list, edit, identity, doctor];
