import type { Cents } from '../money';

/** One payable option as printed: each carries everything a tobacconist or the IO app needs to pay it alone. */
export interface NoticePayment {
  readonly optionId: string;
  readonly kind: 'single' | 'instalment';
  /** "RATA UNICA" or "RATA 2 di 3". */
  readonly label: string;
  readonly nav: string;
  /** Grouped by four: `3010 0000 0000 0123 73`. */
  readonly navGrouped: string;
  readonly amount: Cents;
  /** `1.020,99` */
  readonly amountText: string;
  /** `dd/mm/yyyy`, or null when the backend gives no due date. */
  readonly dueDate: string | null;
  /** `PAGOPA|002|…`, one per payable option. */
  readonly qrPayload: string;
  /** Present only when the creditor has a postal account and Poste's print authorisation. */
  readonly postal: {
    readonly payload: string;
    readonly postalAccount: string;
    /** `AUT. DB/xxxx/xxx xxxxx DEL xx/xx/xxxx`, printed beside the Data Matrix. */
    readonly authorisation: string;
  } | null;
}

export type NoticeField = 'creditorName' | 'creditorSector' | 'creditorInfo' | 'recipientName' | 'subject';

/** A text field that was longer than the spec allows and was shortened visibly (ending in "..."). */
export interface NoticeWarning {
  readonly field: NoticeField;
  readonly limit: number;
  readonly length: number;
}

/**
 * The notice as the spec's modules, in print order, independent of the output (thermal, preview, A4 PDF).
 * Every string is final: outputs wrap lines, they never rewrite or cut content.
 */
export interface NoticeDocument {
  readonly positionId: string;
  readonly title: string;
  readonly creditor: {
    readonly name: string;
    readonly fiscalCode: string;
    readonly cbill: string | null;
    readonly sector: string | null;
    readonly info: string | null;
  };
  readonly recipient: { readonly name: string | null; readonly fiscalCode: string | null };
  readonly subject: string;
  /** Headline amount: the single payment when chosen, else the sum of the chosen instalments. */
  readonly amount: Cents;
  readonly amountText: string;
  readonly dueDate: string | null;
  /** "Puoi pagare…" when two or more instalments are printed, else null. */
  readonly instalmentsLine: string | null;
  readonly whereToPay: {
    readonly app: { readonly title: string; readonly text: string };
    readonly territory: { readonly title: string; readonly text: string };
  };
  readonly payments: readonly NoticePayment[];
  /** Instalments in the plan the printed instalments belong to (0 when none is printed). */
  readonly planSize: number;
  /**
   * A Codice della Strada fine offering a discounted (30% off, within 5 days of notification) and a reduced
   * amount: the option ids of each, or null for any other notice.
   */
  readonly fine: { readonly discounted: string; readonly reduced: string } | null;
  readonly warnings: readonly NoticeWarning[];
}
