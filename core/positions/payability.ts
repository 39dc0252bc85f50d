import type {
  NotPayableReason,
  OptionStatus,
  PaymentOption,
  Position,
  PositionStatus,
} from '../contract/domains/positions';

/** An option as a connector maps it, before the desk decides whether it can be paid now. */
export type OptionDraft = Omit<PaymentOption, 'payable' | 'notPayableReason'>;
export type PositionDraft = Omit<Position, 'options'> & { options: readonly OptionDraft[] };

/** Position states in which pagoPA accepts a payment (GPD: VALID and PARTIALLY_PAID, and the like elsewhere). */
const PAYABLE_POSITION: ReadonlySet<PositionStatus> = new Set(['payable', 'partially-paid']);

const isSettled = (s: OptionStatus) => s === 'paid' || s === 'partially-paid';

function ownReason(o: OptionDraft, today: string): NotPayableReason | null {
  switch (o.status) {
    case 'paid':
    case 'partially-paid':
      return 'PAID';
    case 'cancelled':
      return 'CANCELLED';
    case 'expired':
      return 'EXPIRED';
    case 'unknown':
      return 'UNKNOWN_STATUS';
    case 'unpaid':
      // A due date in the past is treated as expired: the EC may still accept it, and the clerk can override.
      return o.dueDate !== null && o.dueDate < today ? 'EXPIRED' : null;
  }
}

const OVERRIDABLE: ReadonlySet<NotPayableReason> = new Set(['PAID', 'EXPIRED']);

/**
 * Expired and already-paid options are shown but not offered; the clerk may still print one with an explicit
 * override (a copy for the citizen, a due date the EC extended). The other reasons are hard stops.
 */
export function isOverridable(o: Pick<PaymentOption, 'payable' | 'notPayableReason'>): boolean {
  return !o.payable && o.notPayableReason !== null && OVERRIDABLE.has(o.notPayableReason);
}

/**
 * Decides, for every option of one position, whether it can be offered for payment today (YYYY-MM-DD) and,
 * when not, why. Rules: the option's own state first (paid, cancelled, expired, unknown); then the position
 * must be in a payable state; then the single-vs-instalments conflict: once any instalment is paid the single
 * payment is closed, and once the single payment is paid every instalment is.
 */
export function applyPayability(p: PositionDraft, today: string): Position {
  const instalmentSettled = p.options.some((o) => o.kind === 'instalment' && isSettled(o.status));
  const singleSettled = p.options.some((o) => o.kind === 'single' && isSettled(o.status));
  const positionOpen = PAYABLE_POSITION.has(p.status);
  const options = p.options.map((o): PaymentOption => {
    let reason = ownReason(o, today);
    if (reason === null && o.kind === 'single' && instalmentSettled) reason = 'CONFLICT_INSTALMENT_PAID';
    if (reason === null && o.kind === 'instalment' && singleSettled) reason = 'CONFLICT_SINGLE_PAID';
    if (reason === null && !positionOpen) reason = 'POSITION_NOT_PAYABLE';
    return {
      ...o,
      payable: reason === null,
      notPayableReason: reason,
    };
  });
  return { ...p, options };
}

/**
 * The position's own state when a backend gives none (file import, MyPay dovuti): paid when all options of the
 * single or of the plan are paid, partially paid when some instalments are, cancelled when all are, else
 * payable.
 */
export function derivePositionStatus(
  options: readonly Pick<OptionDraft, 'status' | 'kind'>[],
): PositionStatus {
  if (options.length === 0) return 'unknown';
  const singles = options.filter((o) => o.kind === 'single');
  const plan = options.filter((o) => o.kind === 'instalment');
  if (singles.some((o) => o.status === 'paid')) return 'paid';
  if (plan.length > 0 && plan.every((o) => o.status === 'paid')) return 'paid';
  if (options.every((o) => o.status === 'cancelled')) return 'cancelled';
  if (plan.some((o) => isSettled(o.status))) return 'partially-paid';
  if (options.every((o) => o.status === 'expired')) return 'expired';
  if (options.every((o) => o.status === 'unknown')) return 'unknown';
  return 'payable';
}
