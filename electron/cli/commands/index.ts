import type { Command } from '../command';
import { auditCommand } from './audit';
import { cfCommand } from './cf';
import { doctorCommand } from './doctor';
import { identifyCommand } from './identify';
import { importCommand } from './import';
import { navCommand } from './nav';
import { operatorsCommand } from './operators';
import { positionsCommand } from './positions';
import { printCommand, printersCommand } from './print';
import { reportCommand } from './report';
import { syncCommand } from './sync';
import { annulCommand, checkCommand, createCommand, receiptCommand } from './fees';
import { servicesCommand } from './services';
import { secretsCommand } from './secrets';

/** Every CLI command. Features append theirs. */
export const commands: readonly Command[] = [
  cfCommand,
  navCommand,
  doctorCommand,
  positionsCommand,
  importCommand,
  syncCommand,
  printCommand,
  printersCommand,
  identifyCommand,
  auditCommand,
  servicesCommand,
  createCommand,
  checkCommand,
  receiptCommand,
  annulCommand,
  operatorsCommand,
  reportCommand,
  secretsCommand,
];
