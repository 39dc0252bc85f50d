import type { Cents } from '../../../core/money';
import type { PositionDraft } from '../../../core/positions/payability';
import type { CallContext } from '../types';

/** What the desk asks a backend to create: one single-payment position for one fee. */
export interface FeeCreateRequest {
  /** The desk-generated id (GovPay idPendenza, GPD iupd): the same on every retry. */
  readonly backendId: string;
  readonly serviceId: string;
  /** GovPay's tipo pendenza for this service. */
  readonly idTipoPendenza: string | null;
  readonly creditor: { readonly fiscalCode: string; readonly name: string };
  /** `ANONIMO` for an anonymous payer. */
  readonly debtor: { readonly fiscalCode: string; readonly kind: 'F' | 'G'; readonly name: string | null };
  readonly causale: string;
  readonly total: Cents;
  readonly dueDate: string;
  /** The accounting lines with their share of the total, in the backend's own terms. */
  readonly lines: readonly FeeLine[];
  /** GPD (and demo): the IUV the desk reserved, and its NAV. */
  readonly iuv: string | null;
  readonly nav: string | null;
}

export type FeeLine =
  | {
      readonly kind: 'govpay';
      readonly idVocePendenza: string;
      readonly descrizione: string;
      readonly cents: Cents;
      readonly ibanAccredito?: string | undefined;
      readonly tipoContabilita?: string | undefined;
      readonly codiceContabilita?: string | undefined;
      readonly codEntrata?: string | undefined;
      readonly idDominio?: string | undefined;
    }
  | {
      readonly kind: 'gpd';
      readonly idTransfer: string;
      readonly cents: Cents;
      readonly iban: string;
      readonly category: string;
      readonly remittanceInformation: string;
      readonly organizationFiscalCode?: string | undefined;
    };

/** How a position is addressed on its backend, whichever of the ids the desk has. */
export interface FeeRef {
  readonly ecFiscalCode: string;
  readonly nav: string;
  /** GovPay `idA2A/idPendenza` or GPD iupd, when known. */
  readonly backendId: string | null;
}

export type PaymentState = 'paid' | 'not-paid' | 'in-progress' | 'annulled' | 'unknown';

export interface PaymentCheck {
  readonly state: PaymentState;
  readonly backendStatus: string | null;
  /** The position as the backend has it now, for the cache; null when it does not know it. */
  readonly position: PositionDraft | null;
}

/** What a "ricevuta di pagamento" says, all from the backend's own record of the payment. */
export interface ReceiptData {
  readonly creditor: { readonly fiscalCode: string; readonly name: string };
  readonly payer: { readonly fiscalCode: string | null; readonly name: string | null };
  readonly subject: string;
  readonly amountPaid: Cents;
  /** ISO date-time as the backend gave it (local time at pagoPA), or a date alone. */
  readonly paidAt: string;
  readonly psp: string | null;
  /** IUR (GovPay RT) or receiptId (GPD). */
  readonly receiptId: string | null;
  readonly nav: string;
  readonly iuv: string;
  /** The backend's own receipt PDF, when it has one. */
  readonly backendPdf: Buffer | null;
}

/** A backend that can create, check, annul and give the receipt of a position. */
export interface FeeConnector {
  readonly kind: 'govpay' | 'gpd';
  create(req: FeeCreateRequest, ctx: CallContext): Promise<PositionDraft>;
  check(ref: FeeRef, ctx: CallContext): Promise<PaymentCheck>;
  receipt(ref: FeeRef, ctx: CallContext): Promise<ReceiptData | null>;
  annul(ref: FeeRef, reason: string, ctx: CallContext): Promise<void>;
}
