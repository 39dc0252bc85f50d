import { formatEuro, sumCents, toCents, type Cents } from '../money';
import { formatNoticeNumber } from '../notice-number';
import { buildPagoPaQrPayload } from '../payloads/pagopa-qr';
import { buildPosteDataMatrixPayload } from '../payloads/poste-datamatrix';
import { parseNumericFiscalCode } from '../fiscal-code/numeric';
import type { PaymentOption, Position } from '../contract/domains/positions';
import { isOverridable } from '../positions/payability';
import { fail, ok, type Result } from '../result';
import type { NoticeDocument, NoticePayment, NoticeWarning } from './document';
import { fineTiers } from './fine';
import { normalisePostalAuthorisation } from './postal-authorisation';
import { fitText, italianDate, sentenceCase } from './fit';
import {
  LABELS,
  NOTICE_TITLE,
  WHERE_TO_PAY_APP_TEXT,
  WHERE_TO_PAY_APP_TITLE,
  WHERE_TO_PAY_TERRITORY_TEXT,
  WHERE_TO_PAY_TERRITORY_TITLE,
  instalmentsLine,
} from './texts';

export type ComposeReason =
  /** No option chosen. */
  | 'NO_OPTIONS'
  /** An option id that is not part of the position. */
  | 'UNKNOWN_OPTION'
  /** A chosen option is paid, expired, cancelled… */
  | 'NOT_PAYABLE'
  /** Instalments of different plans on one notice. */
  | 'MIXED_PLANS'
  /** A code the notice cannot print exactly (NAV, creditor fiscal code, amount): refused, never altered. */
  | 'NAV'
  | 'EC_FISCAL_CODE'
  | 'AMOUNT'
  | 'POSTAL';

/** Poste Italiane data for the creditor (postal account and print authorisation), from the desk's configuration. */
export interface PostalAuthorisation {
  readonly postalAccount: string;
  readonly authorisation: string;
}

export interface ComposeInput {
  readonly position: Position;
  readonly optionIds: readonly string[];
  readonly postal?: PostalAuthorisation | null;
  /**
   * A supervisor's forced selection: expired and paid options (the overridable ones) are composed too; the
   * hard stops (cancelled, conflicts, position not payable) never are. The caller enforces the role and audits.
   */
  readonly forced?: boolean;
}

function payment(
  position: Position,
  o: PaymentOption,
  postal: PostalAuthorisation | null,
): Result<NoticePayment, ComposeReason> {
  const amount = toCents(o.amount);
  if (!amount.ok || amount.value === 0) return fail('AMOUNT', { optionId: o.id });
  const qr = buildPagoPaQrPayload({
    nav: o.nav,
    ecFiscalCode: position.creditor.fiscalCode,
    amount: amount.value,
  });
  if (!qr.ok) {
    const reason = qr.reason === 'EC_FISCAL_CODE' || qr.reason === 'AMOUNT' ? qr.reason : 'NAV';
    return fail(reason, { optionId: o.id, cause: qr.reason, ...qr.detail });
  }
  let postalBlock: NoticePayment['postal'] = null;
  if (postal) {
    const dm = buildPosteDataMatrixPayload({
      nav: o.nav,
      postalAccount: postal.postalAccount,
      amount: amount.value,
      ecFiscalCode: position.creditor.fiscalCode,
      debtorFiscalCode: position.debtor.fiscalCode,
      debtorName: position.debtor.name ?? '',
      subject: position.subject,
    });
    if (!dm.ok) return fail('POSTAL', { optionId: o.id, cause: dm.reason, ...dm.detail });
    postalBlock = {
      payload: dm.value,
      postalAccount: postal.postalAccount.replace(/\s+/g, '').padStart(12, '0'),
      authorisation: postal.authorisation,
    };
  }
  return ok({
    optionId: o.id,
    kind: o.kind,
    label: o.kind === 'single' ? LABELS.singlePayment : LABELS.instalment(o.index ?? 1, o.planSize),
    nav: o.nav,
    navGrouped: formatNoticeNumber(o.nav),
    amount: amount.value,
    amountText: formatEuro(amount.value),
    dueDate: o.dueDate ? italianDate(o.dueDate) : null,
    qrPayload: qr.value,
    postal: postalBlock,
  });
}

const offersWhole = (position: Position): boolean =>
  position.options.some((o) => o.kind === 'single' && o.payable);

/**
 * From a position and the options the clerk chose to the notice document. Order of payments: the single
 * payment first, then instalments by number (as the spec's payment-data module). All-or-nothing: one
 * option that cannot be printed exactly refuses the whole notice, so a citizen never carries half a slip.
 */
export function composeNotice(input: ComposeInput): Result<NoticeDocument, ComposeReason> {
  const { position } = input;
  if (input.optionIds.length === 0) return fail('NO_OPTIONS');
  const chosen: PaymentOption[] = [];
  for (const id of new Set(input.optionIds)) {
    const o = position.options.find((x) => x.id === id);
    if (!o) return fail('UNKNOWN_OPTION', { optionId: id });
    if (!o.payable && !(input.forced === true && isOverridable(o)))
      return fail('NOT_PAYABLE', { optionId: id, cause: o.notPayableReason });
    chosen.push(o);
  }
  const instalments = chosen.filter((o) => o.kind === 'instalment');
  const singles = chosen.filter((o) => o.kind === 'single');
  if (new Set(instalments.map((o) => o.planSize)).size > 1) return fail('MIXED_PLANS');
  chosen.sort((a, b) => (a.kind === b.kind ? (a.index ?? 0) - (b.index ?? 0) : a.kind === 'single' ? -1 : 1));

  const ec = parseNumericFiscalCode(position.creditor.fiscalCode);
  if (!ec.ok) return fail('EC_FISCAL_CODE', { cause: ec.reason });
  let postal = input.postal ?? null;
  if (postal) {
    // The configuration normalises it at load; a caller passing a raw form gets the same rule, not a refusal.
    const aut = normalisePostalAuthorisation(postal.authorisation);
    if (!aut.ok) return fail('POSTAL', { cause: 'AUTHORISATION', detail: aut.reason });
    postal = { ...postal, authorisation: aut.value };
  }

  const payments: NoticePayment[] = [];
  for (const o of chosen) {
    const p = payment(position, o, postal);
    if (!p.ok) return p;
    payments.push(p.value);
  }

  const warnings: NoticeWarning[] = [];
  const c = position.creditor;
  const headline = singles[0];
  const headlinePayments = headline ? payments.filter((p) => p.optionId === headline.id) : payments;
  let amount: Cents;
  try {
    amount = sumCents(headlinePayments.map((p) => p.amount));
  } catch {
    return fail('AMOUNT', { cause: 'TOTAL_TOO_LARGE' });
  }
  const dates = headlinePayments.flatMap((p) => {
    const o = chosen.find((x) => x.id === p.optionId);
    return o?.dueDate ? [o.dueDate] : [];
  });
  const firstDue = dates.sort()[0];
  const planSize = instalments[0]?.planSize ?? 0;
  const recipientCode = position.debtor.fiscalCode.replace(/\s+/g, '').toUpperCase();

  return ok({
    positionId: position.id,
    title: NOTICE_TITLE,
    creditor: {
      name: fitText('creditorName', c.name, warnings),
      fiscalCode: ec.value,
      cbill: c.cbill ? c.cbill.trim().toUpperCase() : null,
      sector: c.sector ? fitText('creditorSector', c.sector, warnings) : null,
      info: c.info ? fitText('creditorInfo', c.info, warnings) : null,
    },
    recipient: {
      name: position.debtor.name ? fitText('recipientName', position.debtor.name, warnings) : null,
      fiscalCode: recipientCode.length > 0 && recipientCode.length <= 16 ? recipientCode : null,
    },
    subject: fitText('subject', sentenceCase(position.subject), warnings),
    amount,
    amountText: formatEuro(amount),
    dueDate: firstDue ? italianDate(firstDue) : null,
    // The specification's wording depends on what the position offers, not on what this sheet carries: an
    // instalment printed alone still tells the citizen that paying in full is possible.
    instalmentsLine: planSize >= 2 ? instalmentsLine(planSize, offersWhole(position)) : null,
    whereToPay: {
      app: { title: WHERE_TO_PAY_APP_TITLE, text: WHERE_TO_PAY_APP_TEXT },
      territory: { title: WHERE_TO_PAY_TERRITORY_TITLE, text: WHERE_TO_PAY_TERRITORY_TEXT },
    },
    payments,
    planSize,
    fine: fineTiers(singles),
    warnings,
  });
}
