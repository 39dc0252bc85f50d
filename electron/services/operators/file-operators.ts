import type { OperatorsRepo } from '../../store/operators/operators-repo';
import type { AuditLog } from '../audit/audit-log';
import type { OperatorsConfig } from '../config/sections/operators';
import type { Logger } from '../log';

/**
 * The administrator's file's `operators` merged into the desk's operators at start. The file wins for what it
 * says (name, role, disabled): it is the deployment's word, locked from the desk. What the file cannot say stays
 * the CLI's: passwords (set through stdin only), failed attempts, lock-outs. Operators the file does not list
 * (added with `sportello operators add`) are left as they are. Each change is audited before it is applied; a
 * change that cannot be audited is not applied (logged, tried again at the next start).
 */
export function applyFileOperators(
  list: OperatorsConfig,
  d: { repo: OperatorsRepo; audit: AuditLog; now: () => Date; log: Logger; file: string | null },
): { added: number; updated: number } {
  let added = 0;
  let updated = 0;
  const at = d.now().toISOString();
  for (const o of list) {
    const rec = d.repo.get(o.fiscalCode);
    const change = !rec
      ? { action: 'operators.file-add', details: { name: o.name, role: o.role, disabled: o.disabled } }
      : rec.name !== o.name || rec.role !== o.role || rec.disabled !== o.disabled
        ? {
            action: 'operators.file-update',
            details: {
              from: { name: rec.name, role: rec.role, disabled: rec.disabled },
              to: { name: o.name, role: o.role, disabled: o.disabled },
            },
          }
        : null;
    if (!change) continue;
    try {
      d.audit.record({
        actor: 'admin-file',
        operator: null,
        action: change.action,
        subject: o.fiscalCode,
        details: { ...change.details, file: d.file },
      });
    } catch (err) {
      d.log.warn('operator from the administrator file not applied: not auditable', {
        fiscalCode: o.fiscalCode,
        error: String(err),
      });
      continue;
    }
    if (!rec) {
      d.repo.add({ fiscalCode: o.fiscalCode, name: o.name, role: o.role, hash: null, salt: null }, at);
      added++;
    } else {
      d.repo.setProfile(o.fiscalCode, o.name, o.role, at);
      updated++;
    }
    d.repo.setDisabled(o.fiscalCode, o.disabled, at);
  }
  return { added, updated };
}
