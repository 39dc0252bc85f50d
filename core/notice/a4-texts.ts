/**
 * The fixed texts of the A4 notice (pagoPA "Avviso di pagamento" 3.x, Allegato 1 models and Allegato 2
 * technical specifications). Kept apart from the thermal slip's labels: the A4 page follows the models'
 * section titles word for word, and tests compare the PDF's text with these constants.
 */
export const A4 = {
  title: 'AVVISO DI PAGAMENTO',
  creditor: 'ENTE CREDITORE',
  recipient: 'DESTINATARIO AVVISO',
  fiscalCode: 'Cod. Fiscale',
  howMuchWhen: 'QUANTO E QUANDO PAGARE?',
  /** Variant "Avviso senza scadenza": the heading loses "e quando". */
  howMuch: 'QUANTO PAGARE?',
  dueBy: 'entro il',
  currency: 'Euro',
  amountDisclaimer:
    "L'importo è aggiornato automaticamente dal sistema e potrebbe subire variazioni per eventuali sgravi, " +
    "note di credito, indennità di mora, sanzioni o interessi, ecc. Un operatore, il sito o l'app che userai " +
    'ti potrebbero quindi chiedere una cifra diversa da quella qui indicata.',
  whereToPay: 'DOVE PAGARE?',
  whereToPayList: 'Lista dei canali di pagamento su www.pagopa.gov.it',
  usePortion: 'Utilizza la porzione di avviso relativa alla rata e al canale di pagamento che preferisci.',
  paymentData: 'DATI PER IL PAGAMENTO',
  banks: 'BANCHE E ALTRI CANALI',
  singlePayment: 'RATA UNICA',
  instalment: (i: number): string => `RATA ${i}`,
  banksText:
    'Qui accanto trovi il codice QR e il codice interbancario CBILL per pagare attraverso il circuito ' +
    'bancario e gli altri canali di pagamento abilitati.',
  fieldRecipient: 'Destinatario',
  fieldCreditor: 'Ente Creditore',
  fieldSubject: 'Oggetto del pagamento',
  fieldCbill: 'Codice CBILL',
  fieldNotice: 'Codice Avviso',
  fieldEcFiscalCode: 'Cod. Fiscale Ente Creditore',
  postal: 'BOLLETTINO POSTALE PA',
  postalText:
    'Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di ' +
    'Poste Italiane e dell’Ente Creditore',
  postalAccount: 'sul C/C n.',
  postalHolder: 'Intestato a',
  postalType: 'Tipo',
  postalTypeValue: 'P1',
  pageOf: (p: number, n: number): string => `Pagina ${p} di ${n}`,
} as const;

/**
 * Variant "Violazioni Codice della Strada": the due dates depend on the (unknown) notification date, so the
 * page explains the two amounts instead of printing dates. One page per amount when a postal slip is needed.
 */
export const A4_FINE = {
  discounted: 'Importo scontato del 30%',
  discountedWhen: 'se paghi entro 5 giorni dalla notifica',
  reduced: 'Importo ridotto',
  reducedWhen: 'se paghi dal 6° al 60° giorno dalla notifica',
  after:
    'Oltre il 60° giorno dalla notifica l’importo dovuto aumenta: rivolgiti all’Ente Creditore per ' +
    'conoscere la cifra aggiornata.',
  deposit:
    'In caso di giacenza, i giorni si contano dalla data di ritiro del verbale o dal decimo giorno di ' +
    'giacenza, se precedente.',
} as const;
