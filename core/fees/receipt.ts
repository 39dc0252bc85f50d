import { formatEuro, type Cents } from '../money';
import { formatNoticeNumber } from '../notice-number';

/** What the backend holds about one payment, as the receipt prints it. */
export interface ReceiptFacts {
  readonly creditor: { readonly fiscalCode: string; readonly name: string };
  readonly payer: { readonly fiscalCode: string | null; readonly name: string | null };
  readonly subject: string;
  readonly amountPaid: Cents;
  readonly paidAt: string;
  readonly psp: string | null;
  readonly receiptId: string | null;
  readonly nav: string;
  readonly iuv: string;
  readonly demo: boolean;
}

export interface ReceiptDocument {
  readonly title: string;
  readonly rows: readonly (readonly [label: string, value: string])[];
  readonly footer: string;
}

/** `2025-03-01T10:22:33…` → `01/03/2025 10:22`; a date alone → `01/03/2025`; anything else as it came. */
export function italianDateTime(raw: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(raw);
  if (!m) return raw;
  return `${m[3]}/${m[2]}/${m[1]}${m[4] ? ` ${m[4]}:${m[5]}` : ''}`;
}

/**
 * The "ricevuta di pagamento": every line from the backend's record of the payment, nothing the desk
 * inferred. The same document feeds the thermal slip and the A4 PDF.
 */
export function composeReceipt(f: ReceiptFacts): ReceiptDocument {
  const rows: [string, string][] = [
    ['Ente creditore', `${f.creditor.name} (C.F. ${f.creditor.fiscalCode})`],
    [
      'Pagatore',
      f.payer.fiscalCode === 'ANONIMO' || (!f.payer.fiscalCode && !f.payer.name)
        ? 'anonimo'
        : [f.payer.name, f.payer.fiscalCode].filter(Boolean).join(' — '),
    ],
    ['Oggetto', f.subject || '—'],
    ['Importo pagato', `€ ${formatEuro(f.amountPaid)}`],
    ['Data e ora del pagamento', f.paidAt ? italianDateTime(f.paidAt) : '—'],
    ['Prestatore (PSP)', f.psp ?? '—'],
    ['Identificativo ricevuta (IUR / receiptId)', f.receiptId ?? '—'],
    ['Codice avviso', formatNoticeNumber(f.nav)],
    ['IUV', f.iuv],
  ];
  return {
    title: f.demo ? 'RICEVUTA DI PAGAMENTO (DEMO)' : 'RICEVUTA DI PAGAMENTO',
    rows,
    footer: f.demo
      ? 'Dati dimostrativi: nessun pagamento reale.'
      : 'Dati della ricevuta telematica pagoPA conservata dall’ente creditore.',
  };
}
