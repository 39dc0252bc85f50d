import { randomUUID } from 'node:crypto';
import type { ForceSelection } from '../../../core/contract/domains/notices';
import type { Approval, OperatorSession, OperatorView, Role } from '../../../core/contract/domains/operators';
import { AppError } from '../../../core/contract/errors';
import type { OperatorsRepo } from '../../store/operators/operators-repo';
import type { AuditLog } from '../audit/audit-log';
import type { DeskEvents } from '../events';
import { verifyPassword } from './password';

/** Failed sign-ins in a row before an operator is locked out, and for how long. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
/** How long a supervisor's approval of a forced selection stays good: the time to preview and print it. */
export const APPROVAL_MINUTES = 10;

const RANK: Record<Role, number> = { clerk: 1, supervisor: 2, admin: 3 };

export interface OperatorServiceDeps {
  readonly repo: OperatorsRepo;
  readonly audit: AuditLog;
  readonly events: DeskEvents;
  readonly now: () => Date;
  readonly deskId: string;
  /** Demo mode: the labelled demo operator holds the desk, with no sign-in. */
  readonly demo: boolean;
  /** Called when the citizen must leave (lock, sign-out, take-over). */
  readonly endCitizen: () => void;
  /** Checks the PIN on the operator's card in the reader; throws the card's answer. */
  readonly verifyCardPin?: (fiscalCode: string, pin: string) => Promise<void>;
}

/**
 * Who holds the desk. Clerks configured by the administrator sign in with their password; the desk locks
 * (citizen cleared, operator kept) and unlocks with the same operator's password; another clerk signing in takes
 * the desk over (the first is signed out). A desk with no operator configured, or in demo mode, is held by a
 * labelled implicit operator so the first run works with no setup; its audit rows say so.
 */
export class OperatorService {
  private current: OperatorView | null = null;
  private locked = false;
  private signedInAt: string | null = null;
  /** One id per sign-in: lets a report tell two shifts of the same clerk apart. */
  private signInId: string | null = null;
  /** Operators' cards in the readers, latest last. */
  private cards: string[] = [];
  /** Supervisors' approvals of forced selections given at this desk: gone on lock, sign-out and take-over. */
  private approvals = new Map<
    string,
    { supervisor: OperatorView; optionIds: Set<string>; expiresAt: string }
  >();

  constructor(private readonly d: OperatorServiceDeps) {}

  get deskId(): string {
    return this.d.deskId;
  }

  private implicit(): OperatorView | null {
    if (this.d.demo) return { fiscalCode: 'DEMO', name: 'Operatore demo', role: 'admin', implicit: true };
    if (this.d.repo.activeCount() === 0)
      return { fiscalCode: 'SPORTELLO', name: 'Operatore non configurato', role: 'admin', implicit: true };
    return null;
  }

  /** The operator acting now, implicit one included; null when nobody may act (signed out). */
  operator(): OperatorView | null {
    return this.current ?? this.implicit();
  }

  session(): OperatorSession {
    return {
      operator: this.operator(),
      locked: this.locked,
      deskId: this.d.deskId,
      signedInAt: this.signedInAt,
      card: this.cardView(),
    };
  }

  private cardView(): OperatorSession['card'] {
    const cf = this.cards.at(-1);
    const rec = cf ? this.d.repo.get(cf) : null;
    return rec && !rec.disabled ? { fiscalCode: rec.fiscalCode, name: rec.name } : null;
  }

  /** Fiscal code for the audit row's operator column; null when nobody holds the desk. */
  auditOperator(): string | null {
    return this.operator()?.fiscalCode ?? null;
  }

  /** Throws unless the desk is held, unlocked, by an operator of at least `role`. */
  require(role: Role): void {
    const op = this.operator();
    if (!op) throw new AppError('NOT_SIGNED_IN');
    if (this.locked) throw new AppError('DESK_LOCKED');
    if (RANK[op.role] < RANK[role]) throw new AppError('FORBIDDEN', { required: role });
  }

  /**
   * A supervisor vouches for forcing `optionIds` at a desk a clerk holds, with their own password (the same
   * checks, failure rows and lock-out as a sign-in). Nobody takes the desk over: the citizen stays.
   */
  async approve(fiscalCode: string, password: string, optionIds: readonly string[]): Promise<Approval> {
    this.require('clerk');
    const by = await this.check(fiscalCode, password);
    if (RANK[by.role] < RANK.supervisor) {
      this.d.audit.record({
        actor: by.fiscalCode,
        action: 'operator.approve-refused',
        subject: by.fiscalCode,
        details: { reason: 'NOT_SUPERVISOR', optionIds: [...optionIds] },
      });
      throw new AppError('FORBIDDEN', { required: 'supervisor' });
    }
    const approval = randomUUID();
    const expiresAt = new Date(this.d.now().getTime() + APPROVAL_MINUTES * 60_000).toISOString();
    this.d.audit.record({
      actor: by.fiscalCode,
      action: 'operator.approve',
      subject: by.fiscalCode,
      details: { approval, optionIds: [...optionIds], expiresAt },
    });
    this.approvals.set(approval, { supervisor: by, optionIds: new Set(optionIds), expiresAt });
    return { approval, supervisor: by, optionIds: [...optionIds], expiresAt };
  }

  /**
   * May the desk force these options? Yes for a supervisor holding it; for a clerk, with a supervisor's approval
   * given here for these options and not expired. Returns the approving supervisor's fiscal code, if any.
   */
  requireForce(force: ForceSelection, optionIds: readonly string[]): string | null {
    if (!force.approval) {
      this.require('supervisor');
      return null;
    }
    this.require('clerk');
    const a = this.approvals.get(force.approval);
    const now = this.d.now().toISOString();
    if (!a || !optionIds.every((id) => a.optionIds.has(id)))
      throw new AppError('FORBIDDEN', { required: 'supervisor', reason: 'APPROVAL_INVALID' });
    // Said apart, so the clerk reads "expired, ask again" rather than "not valid".
    if (a.expiresAt <= now)
      throw new AppError('FORBIDDEN', { required: 'supervisor', reason: 'APPROVAL_EXPIRED' });
    return a.supervisor.fiscalCode;
  }

  private changed(): OperatorSession {
    const s = this.session();
    this.d.events.emit('operator.changed', s);
    return s;
  }

  private async check(fiscalCode: string, password: string): Promise<OperatorView> {
    const at = this.d.now();
    const rec = this.d.repo.get(fiscalCode);
    const fail = (reason: string): never => {
      this.d.audit.record({
        actor: 'desk',
        operator: null,
        action: 'operator.sign-in-failed',
        subject: fiscalCode,
        details: { reason },
      });
      throw new AppError('SIGN_IN_FAILED');
    };
    if (!rec || rec.disabled || !rec.passwordHash || !rec.passwordSalt) return fail('UNKNOWN_OR_DISABLED');
    if (rec.lockedUntil && rec.lockedUntil > at.toISOString()) {
      this.d.audit.record({
        actor: 'desk',
        operator: null,
        action: 'operator.sign-in-refused',
        subject: fiscalCode,
        details: { reason: 'LOCKED_OUT' },
      });
      throw new AppError('OPERATOR_LOCKED_OUT', { until: rec.lockedUntil });
    }
    const ok = await verifyPassword(password, { hash: rec.passwordHash, salt: rec.passwordSalt });
    if (!ok) {
      const until = new Date(at.getTime() + LOCKOUT_MINUTES * 60_000).toISOString();
      const after = this.d.repo.recordFailure(fiscalCode, LOCKOUT_AFTER, until, at.toISOString());
      if (after?.lockedUntil && after.lockedUntil > at.toISOString()) {
        this.d.audit.record({
          actor: 'desk',
          operator: null,
          action: 'operator.locked-out',
          subject: fiscalCode,
          details: { failures: after.failedAttempts },
        });
      }
      return fail('WRONG_PASSWORD');
    }
    this.d.repo.clearFailures(fiscalCode, at.toISOString());
    return { fiscalCode: rec.fiscalCode, name: rec.name, role: rec.role, implicit: false };
  }

  /** Sign-in, or take-over when another operator holds the desk: the first is signed out, the citizen leaves. */
  async signIn(fiscalCode: string, password: string): Promise<OperatorSession> {
    return this.enter(await this.check(fiscalCode, password), 'password');
  }

  /** With the operator's card in the reader: unlock when it is the locked operator's, else sign-in or take-over. */
  async signInCard(pin: string): Promise<OperatorSession> {
    const card = this.cardView();
    if (!card || !this.d.verifyCardPin)
      throw new AppError('CARD_NOT_PRESENT', { reason: 'NO_OPERATOR_CARD' });
    // Audit first, then act: the PIN spends one of the card's tries, so it is offered only once recorded.
    this.d.audit.record({
      actor: 'desk',
      operator: null,
      action: 'operator.pin-attempt',
      subject: card.fiscalCode,
      details: { method: 'card' },
    });
    try {
      await this.d.verifyCardPin(card.fiscalCode, pin);
    } catch (err) {
      this.d.audit.record({
        actor: 'desk',
        operator: null,
        action: 'operator.sign-in-failed',
        subject: card.fiscalCode,
        details: { reason: err instanceof AppError ? err.code : 'CARD', method: 'card' },
      });
      throw err;
    }
    const rec = this.d.repo.get(card.fiscalCode)!;
    if (this.current?.fiscalCode === rec.fiscalCode && this.locked) {
      this.locked = false;
      this.d.audit.record({
        actor: rec.fiscalCode,
        action: 'operator.unlock',
        subject: null,
        details: { method: 'card' },
      });
      return this.changed();
    }
    return this.enter(
      { fiscalCode: rec.fiscalCode, name: rec.name, role: rec.role, implicit: false },
      'card',
    );
  }

  private enter(op: OperatorView, method: 'password' | 'card'): OperatorSession {
    const before = this.current;
    this.approvals.clear();
    if (before) {
      this.d.endCitizen();
      this.d.audit.record({
        actor: before.fiscalCode,
        operator: before.fiscalCode,
        action: 'operator.signed-out',
        subject: before.fiscalCode,
        details: { reason: 'TAKEN_OVER', by: op.fiscalCode },
      });
    }
    this.current = op;
    this.locked = false;
    this.signedInAt = this.d.now().toISOString();
    this.signInId = randomUUID();
    this.d.audit.record({
      actor: op.fiscalCode,
      action: before ? 'operator.take-over' : 'operator.sign-in',
      subject: op.fiscalCode,
      details: {
        method,
        signInId: this.signInId,
        ...(before ? { from: before.fiscalCode } : {}),
      },
    });
    return this.changed();
  }

  lock(reason: 'idle' | 'clerk' | 'card-removed' = 'clerk'): OperatorSession {
    if (!this.current || this.locked) return this.session();
    this.approvals.clear();
    this.d.endCitizen();
    this.locked = true;
    this.d.audit.record({
      actor: this.current.fiscalCode,
      action: 'operator.lock',
      subject: null,
      details: { reason },
    });
    return this.changed();
  }

  async unlock(password: string): Promise<OperatorSession> {
    const op = this.current;
    if (!op) throw new AppError('NOT_SIGNED_IN');
    if (!this.locked) return this.session();
    await this.check(op.fiscalCode, password);
    this.locked = false;
    this.d.audit.record({ actor: op.fiscalCode, action: 'operator.unlock', subject: null });
    return this.changed();
  }

  /** Is this fiscal code a configured, active operator's? Their card is then never taken for a citizen. */
  isOperator(fiscalCode: string): boolean {
    const rec = this.d.repo.get(fiscalCode);
    return !!rec && !rec.disabled;
  }

  /** An operator's card came or went. The signed-in operator's card leaving the reader locks the desk. */
  cardSeen(fiscalCode: string, present: boolean): void {
    this.d.audit.record({
      actor: 'desk',
      action: present ? 'operator.card-inserted' : 'operator.card-removed',
      subject: fiscalCode,
    });
    this.cards = this.cards.filter((c) => c !== fiscalCode);
    if (present) this.cards.push(fiscalCode);
    if (!present && this.current?.fiscalCode === fiscalCode && !this.locked) this.lock('card-removed');
    else this.changed();
  }

  signOut(): OperatorSession {
    const op = this.current;
    if (!op) return this.session();
    this.approvals.clear();
    this.d.endCitizen();
    this.d.audit.record({ actor: op.fiscalCode, action: 'operator.sign-out', subject: op.fiscalCode });
    this.current = null;
    this.locked = false;
    this.signedInAt = null;
    this.signInId = null;
    return this.changed();
  }
}
