/**
 * The fixed texts of the A4 notice, as the pagoPA "Avviso di pagamento" 3.x guidelines list them ("Traduzioni",
 * "Stringhe dei testi fissi", Italian and German), with section titles in capitals as the models print them.
 * Where that list and the technical specification's own pages differ, the specification's page wins and says
 * so here. Tests compare the PDF's text with these constants.
 */
export interface A4Texts {
  readonly title: string;
  readonly creditor: string;
  readonly recipient: string;
  readonly fiscalCode: string;
  readonly howMuchWhen: string;
  /** Variant "Avviso senza scadenza" ("Modifica l'intestazione in Quanto pagare?"). */
  readonly howMuch: string;
  readonly dueBy: string;
  readonly currency: string;
  readonly amountDisclaimer: string;
  /** "Molte rate" model: amounts and dates are in each instalment. */
  readonly manyInstalments: string;
  /**
   * "Puoi pagare per intero o in N rate" in a second language (`disclaimer.rate`), printed under the Italian
   * line the notice document carries; null for Italian itself.
   */
  readonly planLine: ((n: number, alsoWhole: boolean) => string) | null;
  readonly whereToPay: string;
  readonly whereToPayCta: string;
  readonly paymentData: string;
  readonly qrSingle: string;
  readonly qrAbove: string;
  readonly singlePayment: string;
  readonly instalment: (n: number) => string;
  readonly fieldRecipient: string;
  readonly fieldCreditor: string;
  readonly fieldSubject: string;
  readonly fieldCbill: string;
  readonly fieldNotice: string;
  readonly fieldEcFiscalCode: string;
  /** Codice della Strada variant. */
  readonly fine: {
    readonly discounted: string;
    readonly discountedWhen: string;
    readonly reduced: string;
    readonly reducedWhen: string;
    readonly deadlinesTitle: string;
    readonly deadlines: string;
    readonly depositTitle: string;
    readonly deposit: string;
    readonly choose: string;
  };
  /** "Dove pagare": the Italian ones are core/notice/texts.ts's (the specification's page, unaltered). */
  readonly app: { readonly title: string; readonly text: string } | null;
  readonly territory: { readonly title: string; readonly text: string } | null;
}

export const A4_IT: A4Texts = {
  title: 'AVVISO DI PAGAMENTO',
  creditor: 'ENTE CREDITORE',
  recipient: 'DESTINATARIO',
  fiscalCode: 'Cod. Fiscale',
  howMuchWhen: 'QUANTO E QUANDO PAGARE?',
  howMuch: 'QUANTO PAGARE?',
  dueBy: 'entro il',
  currency: 'Euro',
  amountDisclaimer:
    "In fase di pagamento, se previsto dall’ente, l'importo potrebbe essere aggiornato automaticamente e " +
    'subire variazioni in diminuzione (per sgravi, note di credito) o in aumento (per sanzioni, interessi, ecc.).',
  manyInstalments: 'Importi e scadenze sono riportati nel dettaglio di ogni singola rata.',
  planLine: null,
  whereToPay: 'DOVE PAGARE?',
  whereToPayCta: 'vai su pagopa.gov.it',
  paymentData: 'DATI PER IL PAGAMENTO',
  qrSingle: 'Inquadra il codice QR con la tua app di pagamento o usa i dati accanto.',
  qrAbove: 'Inquadra il codice QR con la tua app di pagamento o usa i dati sopra.',
  singlePayment: 'RATA UNICA',
  instalment: (n) => `RATA ${n}`,
  fieldRecipient: 'Destinatario',
  fieldCreditor: 'Ente Creditore',
  fieldSubject: 'Oggetto del pagamento',
  fieldCbill: 'Cod. CBILL',
  fieldNotice: 'Cod. Avviso',
  fieldEcFiscalCode: 'Cod. Fiscale Ente',
  fine: {
    discounted: 'Importo scontato del 30%',
    discountedWhen: 'entro 5 giorni dalla notifica del verbale',
    reduced: 'Importo ridotto',
    reducedWhen: 'dal 6º al 60º giorno dalla notifica del verbale',
    deadlinesTitle: 'Come si calcolano le scadenze?',
    deadlines:
      'Il giorno della notifica non si conta. Se la scadenza è di domenica (o festivo), puoi pagare anche il ' +
      'primo giorno feriale successivo.',
    depositTitle: 'Cosa succede in caso di giacenza?',
    deposit:
      'La notifica corrisponde al giorno del ritiro, se questo avviene entro 10 giorni dalla data di deposito ' +
      '(la data più vecchia sull’avviso di giacenza). Se non ritiri il verbale entro i 10 giorni, calcola le ' +
      'scadenze iniziando a contare dall’undicesimo giorno.',
    choose:
      "Scegli l'importo corretto per i termini previsti, altrimenti riceverai altre richieste di pagamento per " +
      'le somme residue ed eventuali somme aggiuntive.',
  },
  app: null,
  territory: null,
};

/** German, for creditors in bilingual areas (Alto Adige / Südtirol): the guidelines' German strings. */
export const A4_DE: A4Texts = {
  title: 'ZAHLUNGSMITTEILUNG',
  creditor: 'KÖRPERSCHAFT',
  recipient: 'EMPFÄNGER',
  fiscalCode: 'St.Nr.',
  howMuchWhen: 'WIEVIEL UND WANN BEZAHLEN?',
  howMuch: 'WIEVIEL BEZAHLEN?',
  dueBy: 'Fällig am',
  currency: 'Euro',
  amountDisclaimer:
    'Der angeführte Betrag könnte sich auf Grund von allfälligen auch teilweisen Annullierungen oder ' +
    'Gutschriften, Verzugsgebühren, Strafen, Zinsen oder anderen Kosten ändern.',
  manyInstalments: 'Die Beträge und Fälligkeiten sind in den Details der einzelnen Rate angegeben.',
  planLine: (n, alsoWhole) =>
    alsoWhole
      ? `Es ist möglich, den Betrag vollständig oder in ${n} Raten zu zahlen`
      : `Es ist möglich, den Betrag in ${n} Raten zu zahlen`,
  whereToPay: 'WO BEZAHLEN?',
  whereToPayCta: 'Liste der Zahlungsdienstleister: pagopa.gov.it',
  paymentData: 'ZAHLUNGSINFORMATIONEN',
  qrSingle: 'Den QR-Code mit der Zahlungs-App scannen oder folgende Daten verwenden.',
  qrAbove: 'Den QR-Code mit der Zahlungs-App scannen oder oben Daten verwenden.',
  singlePayment: 'EINZIGE RATE',
  instalment: (n) => `RATE ${n}`,
  fieldRecipient: 'Empfänger',
  fieldCreditor: 'Körperschaft',
  fieldSubject: 'Zahlungsgrund',
  fieldCbill: 'CBILL-Kodex',
  fieldNotice: 'Zahlungsmitteilungskodex',
  fieldEcFiscalCode: 'St.Nr. der Körperschaft',
  fine: {
    discounted: 'um 30% reduzierter Betrag',
    discountedWhen: 'innerhalb 5 Tagen ab Zustellungsdatum',
    reduced: 'Reduzierte Zahlung',
    reducedWhen: 'vom 6ten bis 60ten Tag ab Zustellungsdatum',
    deadlinesTitle: 'Wie werden die Fristen berechnet?',
    deadlines:
      'Der Tag der Zustellung wird nicht mitgerechnet. Fällt die Frist auf einen Sonntag (oder Feiertag), kann ' +
      'am ersten folgenden Werktag bezahlt werden.',
    depositTitle: 'Was passiert bei Lagerung?',
    deposit:
      'Die Zustellung entspricht dem Tag der Abholung, wenn diese innerhalb von 10 Tagen nach dem Lagerdatum ' +
      'erfolgt. Wird der Bericht nicht innerhalb von 10 Tagen abgeholt, sind die Fristen ab dem elften Tag zu ' +
      'berechnen.',
    choose: 'Den zur eigenen Frist passenden Bereich auswählen.',
  },
  app: {
    title: 'ONLINE',
    text: 'mit der App IO, mittels Home Banking, einer Zahlungsapp oder anderer zugelassener Zahlungsdienstleister.',
  },
  territory: {
    title: 'IN IHRER UMGEBUNG',
    text:
      'bei Banken und ATM-Schaltern, in Postämtern und Poststellen, Tabaktrafiken und anderen angebundenen ' +
      'Dienstleistern.',
  },
};

/**
 * English, for the guidelines' "Avviso con seconda lingua" (a second language beside Italian, no extra pages):
 * the guidelines' English strings ("Traduzioni", tab "Inglese"), with "Dove pagare" in its Italy form (`italia`)
 * and its `noente` sentence, as the German one. The list has no label for the recipient's own code: "Tax Code"
 * is its "Payee Tax Code" without the payee. The French and Slovene tabs still read "Presto disponibile".
 */
export const A4_EN: A4Texts = {
  title: 'PAYMENT NOTICE',
  creditor: 'PAYEE',
  recipient: 'RECIPIENT',
  fiscalCode: 'Tax Code',
  howMuchWhen: 'HOW MUCH AND WHEN TO PAY?',
  howMuch: 'HOW MUCH TO PAY?',
  dueBy: 'Due Date',
  currency: 'Euro',
  amountDisclaimer:
    'During payment, if allowed by the payee, the amount could be updated automatically and be subject to ' +
    'changes in decrease (for allowances, credit notes) or increase (for penalties, interest, etc.).',
  manyInstalments: 'You can find due dates and amounts within each installment.',
  planLine: (n, alsoWhole) =>
    alsoWhole
      ? `You can pay the full amount or split in ${n} installments`
      : `You can pay in ${n} installments`,
  whereToPay: 'WHERE TO PAY?',
  whereToPayCta: 'Go to pagopa.gov.it',
  paymentData: 'PAYMENT DETAILS',
  qrSingle: 'Scan the QR Code with your payment app or use the data printed here.',
  qrAbove: 'Scan the QR Code with your payment app or use the data printed above.',
  singlePayment: 'FULL AMOUNT',
  instalment: (n) => `INSTALLMENT #${n}`,
  fieldRecipient: 'Recipient',
  fieldCreditor: 'Payee',
  fieldSubject: 'Payment Description',
  fieldCbill: 'CBILL Code',
  fieldNotice: 'Notice Code',
  fieldEcFiscalCode: 'Payee Tax Code',
  fine: {
    discounted: '30% off',
    discountedWhen: 'Within 5 days from the notification',
    reduced: 'Reduced amount',
    reducedWhen: 'From the 6th to the 60th day from the notification',
    deadlinesTitle: 'How to count days for deadlines?',
    deadlines:
      'Do not count the day of notification. If the due date is a Sunday (or bank holiday), you may also pay ' +
      'on the first following business day.',
    depositTitle: 'What happens in case of a failed delivery attempt?',
    deposit:
      'Notification is the day of pickup, if it occurs within 10 days of the date printed on the missed ' +
      'delivery card. If you don’t pick up the notice within 10 days, count the deadlines starting from the ' +
      '11th day.',
    choose:
      'Choose the correct amount depending on the deadline, or you will receive additional payment requests ' +
      'for the remaining and any additional amounts.',
  },
  app: {
    title: 'PAY WITH IO APP',
    text: 'or with your Home Banking, payment app or the other authorized channels.',
  },
  territory: {
    title: 'PAY LOCALLY',
    text:
      'at Banks and ATMs, in Post Offices, Cafés, Newsagents, Betting and Tobacco Shops, Supermarkets and ' +
      'other Enabled Merchants.',
  },
};

/** The second languages a notice can carry beside Italian. */
export type SecondLanguage = 'de' | 'en';

/** The postal slip's texts: Poste's part, not in the guidelines' string list (its manual is Poste's own). */
export const A4_POSTAL = {
  postal: 'BOLLETTINO POSTALE PA',
  postalText:
    'Bollettino Postale pagabile in tutti gli Uffici Postali e sui canali fisici o digitali abilitati di ' +
    'Poste Italiane e dell’Ente Creditore',
  postalAccount: 'sul C/C n.',
  postalHolder: 'Intestato a',
  postalType: 'Tipo',
  postalTypeValue: 'P1',
} as const;

/**
 * The texts a notice prints: Italian, or Italian with German (the bilingual variant) or English (the
 * second-language variant): labels joined by " / ", sentences one under the other.
 */
export function a4Texts(second: SecondLanguage | null): A4Texts {
  if (second === null) return A4_IT;
  const de = second === 'de' ? A4_DE : A4_EN;
  const label = (a: string, b: string) => `${a} / ${b}`;
  const sentence = (a: string, b: string) => `${a}\n${b}`;
  return {
    ...A4_IT,
    title: label(A4_IT.title, de.title),
    creditor: label(A4_IT.creditor, de.creditor),
    recipient: label(A4_IT.recipient, de.recipient),
    fiscalCode: label(A4_IT.fiscalCode, de.fiscalCode),
    howMuchWhen: label(A4_IT.howMuchWhen, de.howMuchWhen),
    howMuch: label(A4_IT.howMuch, de.howMuch),
    dueBy: label(A4_IT.dueBy, de.dueBy),
    amountDisclaimer: sentence(A4_IT.amountDisclaimer, de.amountDisclaimer),
    manyInstalments: sentence(A4_IT.manyInstalments, de.manyInstalments),
    planLine: de.planLine,
    whereToPay: label(A4_IT.whereToPay, de.whereToPay),
    whereToPayCta: label(A4_IT.whereToPayCta, de.whereToPayCta),
    paymentData: label(A4_IT.paymentData, de.paymentData),
    qrSingle: sentence(A4_IT.qrSingle, de.qrSingle),
    qrAbove: sentence(A4_IT.qrAbove, de.qrAbove),
    singlePayment: label(A4_IT.singlePayment, de.singlePayment),
    instalment: (n) => label(A4_IT.instalment(n), de.instalment(n)),
    fieldRecipient: label(A4_IT.fieldRecipient, de.fieldRecipient),
    fieldCreditor: label(A4_IT.fieldCreditor, de.fieldCreditor),
    fieldSubject: label(A4_IT.fieldSubject, de.fieldSubject),
    fieldCbill: label(A4_IT.fieldCbill, de.fieldCbill),
    fieldNotice: label(A4_IT.fieldNotice, de.fieldNotice),
    fieldEcFiscalCode: label(A4_IT.fieldEcFiscalCode, de.fieldEcFiscalCode),
    fine: {
      discounted: label(A4_IT.fine.discounted, de.fine.discounted),
      discountedWhen: sentence(A4_IT.fine.discountedWhen, de.fine.discountedWhen),
      reduced: label(A4_IT.fine.reduced, de.fine.reduced),
      reducedWhen: sentence(A4_IT.fine.reducedWhen, de.fine.reducedWhen),
      deadlinesTitle: label(A4_IT.fine.deadlinesTitle, de.fine.deadlinesTitle),
      deadlines: sentence(A4_IT.fine.deadlines, de.fine.deadlines),
      depositTitle: label(A4_IT.fine.depositTitle, de.fine.depositTitle),
      deposit: sentence(A4_IT.fine.deposit, de.fine.deposit),
      choose: sentence(A4_IT.fine.choose, de.fine.choose),
    },
    app: de.app,
    territory: de.territory,
  };
}
