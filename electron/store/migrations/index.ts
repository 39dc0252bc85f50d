import { m001 } from './001-foundation';
import type { Migration } from './types';

/**
 * Every schema step in order. Numbers are taken by feature: 002 positions cache, 003 print journal,
 * 004 smart card / identification. A gap is refused at start-up so a forgotten file cannot go unnoticed.
 */
export const migrations: readonly Migration[] = [m001];

export type { Migration } from './types';
