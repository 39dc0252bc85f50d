/**
 * Sentences the pagoPA notice specification ("Avvisi" 3.x) prescribes. The "where to pay" texts must not be
 * altered: they are kept here, once, and every output (thermal slip, preview, A4 PDF) prints them from here.
 */
export const NOTICE_TITLE = 'AVVISO DI PAGAMENTO';

export const WHERE_TO_PAY_APP_TITLE = "PAGA CON L'APP IO";
/** The spec allows "oppure sul sito di <EC>, dal tuo…"; the desk has no creditor web site, so it uses the short form. */
export const WHERE_TO_PAY_APP_TEXT =
  'oppure dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.';
export const WHERE_TO_PAY_APP_TEXT_WITH_SITE = (site: string): string =>
  `oppure sul sito di ${site}, dal tuo Home Banking, con la tua app di pagamento o con gli altri canali abilitati.`;

export const WHERE_TO_PAY_TERRITORY_TITLE = 'PAGA SUL TERRITORIO';
export const WHERE_TO_PAY_TERRITORY_TEXT =
  'presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, Ricevitorie, ' +
  'Supermercati, Tabaccherie, e altri Esercenti Convenzionati.';

export const instalmentsLine = (n: number, alsoWhole: boolean): string =>
  alsoWhole ? `Puoi pagare per intero oppure in ${n} rate` : `Puoi pagare in ${n} rate`;

export const LABELS = {
  creditor: 'ENTE CREDITORE',
  recipient: 'DESTINATARIO AVVISO',
  subject: 'OGGETTO DEL PAGAMENTO',
  fiscalCode: 'Codice Fiscale',
  cbill: 'Codice CBILL',
  amount: 'Importo',
  dueDate: 'entro il',
  noticeNumber: 'Codice Avviso',
  ecFiscalCode: 'Codice Fiscale Ente Creditore',
  singlePayment: 'RATA UNICA',
  instalment: (i: number, n: number): string => `RATA ${i} di ${n}`,
  paymentData: 'DATI PER IL PAGAMENTO',
  postalSlip: 'BOLLETTINO POSTALE PA',
  postalAccount: 'Conto corrente postale',
  currency: 'Euro',
} as const;
