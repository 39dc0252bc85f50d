import { randomUUID } from 'node:crypto';
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
  /**
   * The citizen session: starts with an identification (or an anonymous notice-number lookup), ends when the
   * citizen is cleared. Every audit row written meanwhile carries it, so an access report finds every act
   * done for a citizen, prints included.
   */
  private session: string | null = null;

  constructor(
    private readonly events: DeskEvents,
    private readonly audit: AuditLog,
    private readonly now: () => Date,
  ) {}

  get(): Identity | null {
    return this.current;
  }

  sessionId(): string | null {
    return this.session;
  }

  /** A notice looked up by number with nobody identified is a citizen's errand too: it gets a session. */
  ensureSession(): string {
    this.session ??= randomUUID();
    return this.session;
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
    if (identity === null && this.current === null && this.session === null) return;
    const ending = this.session;
    // A new identification is a new citizen session; a card re-read (PIN) of the same citizen keeps it.
    const session = !identity
      ? null
      : this.current?.fiscalCode !== identity.fiscalCode || this.session === null
        ? randomUUID()
        : this.session;
    // Audit first: an identification that cannot be recorded (disk full, log unavailable) does not happen.
    this.audit.record({
      actor: 'desk',
      action: identity ? `identify.${identity.source}` : 'identify.clear',
      subject: identity?.fiscalCode ?? null,
      citizenSession: identity ? session : ending,
    });
    this.session = session;
    this.current = identity;
    this.events.emit('identity.changed', identity);
  }
}
