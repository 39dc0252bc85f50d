import type { Identity } from '../../../core/contract/domains/identity';
import type { AuditLog } from '../audit/audit-log';
import type { DeskEvents } from '../events';
import type { BirthplaceResolver } from '../../../core/fiscal-code/birthplace';
import { decodeFiscalCode } from '../fiscal/decode';

/**
 * Holds the citizen currently served at the desk. Card reads (smart card service) and typed codes both end
 * here; every change is pushed to the UI and recorded in the audit log.
 */
export class IdentityService {
  private current: Identity | null = null;

  constructor(
    private readonly events: DeskEvents,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  get(): Identity | null {
    return this.current;
  }

  fromTypedCode(raw: string, resolveBirthplace: BirthplaceResolver): Identity {
    const now = this.now();
    const d = decodeFiscalCode(raw, now.toISOString().slice(0, 10), resolveBirthplace);
    const identity: Identity =
      d.kind === 'person'
        ? {
            fiscalCode: d.code,
            displayCode: d.code,
            kind: 'person',
            givenName: null,
            surname: null,
            birthDate: d.birthDate,
            sex: d.sex,
            birthplace: d.birthplace,
            source: 'typed',
            card: null,
            warnings: d.omocodic ? ['OMOCODIC_CODE'] : [],
            identifiedAt: now.toISOString(),
          }
        : {
            fiscalCode: d.code,
            displayCode: d.code,
            kind: 'legal',
            givenName: null,
            surname: null,
            birthDate: null,
            sex: null,
            birthplace: null,
            source: 'typed',
            card: null,
            warnings: [],
            identifiedAt: now.toISOString(),
          };
    this.set(identity);
    return identity;
  }

  set(identity: Identity | null): void {
    if (identity === null && this.current === null) return;
    // Audit first: an identification that cannot be recorded (disk full, log unavailable) does not happen.
    this.audit.record({
      actor: 'desk',
      action: identity ? `identify.${identity.source}` : 'identify.clear',
      subject: identity?.fiscalCode ?? null,
    });
    this.current = identity;
    this.events.emit('identity.changed', identity);
  }
}
