import type { OptionStatus, PositionStatus } from '../contract/domains/positions';

/**
 * Each backend's states mapped to the model's. Kept in one place so the payable states per backend can be
 * read side by side (domain-pagopa.md §5).
 */

/** GovPay API Pendenze v2, `StatoPendenza`. Payable: NON_ESEGUITA, ESEGUITA_PARZIALE. */
export function govpayPositionStatus(s: string): PositionStatus {
  switch (s) {
    case 'NON_ESEGUITA':
      return 'payable';
    case 'ESEGUITA_PARZIALE':
      return 'partially-paid';
    case 'ESEGUITA':
    case 'INCASSATA':
      return 'paid';
    case 'ANNULLATA':
      return 'cancelled';
    case 'SCADUTA':
      return 'expired';
    case 'ANOMALA':
      return 'invalid';
    default:
      return 'unknown';
  }
}

export function govpayOptionStatus(s: string): OptionStatus {
  switch (govpayPositionStatus(s)) {
    case 'payable':
      return 'unpaid';
    case 'partially-paid':
      return 'partially-paid';
    case 'paid':
      return 'paid';
    case 'cancelled':
      return 'cancelled';
    case 'expired':
      return 'expired';
    default:
      return 'unknown';
  }
}

/** MyPay `stato.code` of a dovuto. Payable: INSERIMENTO_DOVUTO, DA_PAGARE (and a payment attempt left open). */
export function mypayOptionStatus(code: string): OptionStatus {
  switch (code) {
    case 'INSERIMENTO_DOVUTO':
    case 'DA_PAGARE':
    case 'PAGAMENTO_INIZIATO':
    case 'PAGAMENTO_NON_ESEGUITO':
      return 'unpaid';
    case 'PAGATO':
    case 'PAGAMENTO_ESEGUITO':
    case 'COMPLETATO':
      return 'paid';
    case 'ANNULLATO':
    case 'ABORTITO':
      return 'cancelled';
    case 'SCADUTO':
      return 'expired';
    default:
      return 'unknown';
  }
}

/** GPD position status (v1 and v3). Payable: VALID, PARTIALLY_PAID. */
export function gpdPositionStatus(s: string): PositionStatus {
  switch (s) {
    case 'VALID':
      return 'payable';
    case 'PARTIALLY_PAID':
      return 'partially-paid';
    case 'PAID':
    case 'REPORTED':
      return 'paid';
    case 'EXPIRED':
      return 'expired';
    case 'INVALID':
    case 'UNPAYABLE':
      return 'cancelled';
    case 'DRAFT':
    case 'PUBLISHED':
      return 'invalid';
    default:
      return 'unknown';
  }
}

/** GPD v3 instalment status (and v1 option status). */
export function gpdOptionStatus(s: string): OptionStatus {
  switch (s) {
    case 'UNPAID':
    case 'PO_UNPAID':
      return 'unpaid';
    case 'PAID':
    case 'REPORTED':
    case 'PARTIALLY_REPORTED':
    case 'PO_PAID':
    case 'PO_REPORTED':
    case 'PO_PARTIALLY_REPORTED':
      return 'paid';
    case 'EXPIRED':
      return 'expired';
    case 'UNPAYABLE':
      return 'cancelled';
    default:
      return 'unknown';
  }
}
