import type { ContractError } from '../../../core/contract/errors';
import type { AuditLog } from '../audit/audit-log';
import type { Logger } from '../log';

/**
 * A clerk's settings change the desk refused, audited (`settings.refused`): which keys and why, never the
 * values sent (raw input from a window: bounded, and of no use to the reader). Two refusals are recorded:
 * a key the administrator's file locks (with that file), and a value out of the clerk's range or of the
 * wrong kind (the contract's SCHEMA refusal, with each issue's key and zod code).
 */
export function auditSettingsRefused(audit: AuditLog, log: Logger, error: ContractError): void {
  if (error.code !== 'INVALID_INPUT') return;
  const d = error.details ?? {};
  let details: Record<string, unknown> | null = null;
  if (d['reason'] === 'LOCKED_BY_ADMIN')
    details = { reason: 'LOCKED_BY_ADMIN', keys: strings(d['keys']), file: d['file'] ?? null };
  else if (d['reason'] === 'SCHEMA') {
    const issues = Array.isArray(d['issues']) ? (d['issues'] as { path?: unknown; code?: unknown }[]) : [];
    const why = issues.slice(0, 5).map((i) => ({
      key: bounded(String(i.path ?? '').replace(/^desk\.?/, '')) || null,
      code: bounded(String(i.code ?? '')),
    }));
    details = {
      reason: 'OUT_OF_RANGE',
      keys: [...new Set(why.flatMap((w) => (w.key ? [w.key] : [])))],
      issues: why,
    };
  }
  if (!details) return;
  try {
    audit.record({ actor: 'desk', action: 'settings.refused', subject: null, details });
  } catch (err) {
    // The refusal stands whatever the audit log says: it changed nothing, and the clerk is told so.
    log.warn('settings refusal not audited', { error: err instanceof Error ? err.message : String(err) });
  }
}

const bounded = (s: string) => s.slice(0, 64);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.slice(0, 10).map((x) => bounded(String(x))) : [];
