import type { Command } from '../command';
import { cfCommand } from './cf';
import { doctorCommand } from './doctor';
import { navCommand } from './nav';

/** Every CLI command. Features append theirs. */
export const commands: readonly Command[] = [cfCommand, navCommand, doctorCommand];
