import type { SystemStatus } from '../../../core/contract/domains/system';
import type { CrlState } from './crl-refresher';

export type RevocationStatus = SystemStatus['revocation'];

/** Before the first download: what the configuration promises. */
export function initialRevocation(cfg: {
  readonly enabled: boolean;
  readonly crlUrl: string | null;
  readonly crlFile: string | null;
}): RevocationStatus {
  const state = !cfg.enabled ? 'off' : cfg.crlUrl ? 'pending' : cfg.crlFile ? 'file' : 'off';
  return { state, nextUpdate: null, problem: null };
}

/**
 * The status bar's view of a CRL kept from a URL. A CRL past its nextUpdate outranks a failed download: it is
 * what makes identities read revocation `unknown`, whatever the last attempt said.
 */
export function revocationOf(s: CrlState, now: Date): RevocationStatus {
  const next = s.last?.nextUpdate ?? null;
  const nextUpdate = next ? next.toISOString() : null;
  const problem = s.problem ? `CRL_${s.problem}` : null;
  if (next && next.getTime() <= now.getTime()) return { state: 'expired', nextUpdate, problem };
  if (s.problem) return { state: 'failed', nextUpdate, problem };
  return { state: s.lastOkAt ? 'current' : 'pending', nextUpdate, problem: null };
}
