import { m001 } from './001-foundation';
import { m002 } from './002-positions';
import { m003 } from './003-print-journal';
import { m004 } from './004-sync-passes';
import { m005 } from './005-derived-iuv';
import { m006ExactFiscalCodes } from './006-exact-fiscal-codes';
import { m007SyncPartial } from './007-sync-partial';
import { m008FeeRequests } from './008-fee-requests';
import { m009AuditChain } from './009-audit-chain';
import { m010DeskOperators } from './010-desk-operators';
import { m011PrintedConfirmation } from './011-printed-confirmation';
import { m012ForcedPrint } from './012-forced-print';
import type { Migration } from './types';

/**
 * Every schema step in order. Numbers are taken by feature: 002 positions cache, 003 print journal, 004 sync
 * passes, 005 derived IUVs, 006 exact fiscal codes, 007 sync partial answers, 008 fee requests and the IUV
 * counter, 009 the audit log's keyed chain, 010 desk operators, 011 "printed" confirmed by the printer, 012 forced prints; the
 * next feature takes 013. A gap is refused at start-up so a forgotten file cannot go unnoticed.
 */
export const migrations: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006ExactFiscalCodes,
  m007SyncPartial,
  m008FeeRequests,
  m009AuditChain,
  m010DeskOperators,
  m011PrintedConfirmation,
  m012ForcedPrint,
];

export type { Migration } from './types';
