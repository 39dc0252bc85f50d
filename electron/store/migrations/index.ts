import { m001 } from './001-foundation';
import { m002 } from './002-positions';
import { m003 } from './003-print-journal';
import { m004 } from './004-sync-passes';
import { m005 } from './005-derived-iuv';
import { m006PrintedConfirmation } from './006-printed-confirmation';
import type { Migration } from './types';

/**
 * Every schema step in order. Numbers are taken by feature: 002 positions cache, 003 print journal, 004 sync
 * passes, 005 derived IUVs; the next feature takes 006. A gap is refused at start-up so a forgotten file cannot go unnoticed.
 */
export const migrations: readonly Migration[] = [m001, m002, m003, m004, m005, m006PrintedConfirmation];

export type { Migration } from './types';
