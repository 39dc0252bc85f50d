import { afterAll, describe, expect, it } from 'vitest';
import { A4_DE, A4_IT as A4, A4_POSTAL } from '../../../core/notice/a4-texts';
import type { NoticeDocument } from '../../../core/notice/document';
import { WHERE_TO_PAY_APP_TEXT, WHERE_TO_PAY_TERRITORY_TEXT } from '../../../core/notice/texts';
import { renderA4Pdf } from '../../../electron/services/printing/a4-pdf';
import { a4Models } from '../../support/printing/a4-models';
import { POSTAL } from '../../support/printing/positions';
import { dmtx, inspectPdf, qrSidesMm, zbarQr } from '../../support/pdf/inspect';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-a4-');
afterAll(() => dir.remove());

/** Texts every first page carries, word for word (core/notice/a4-texts.ts holds the guidelines' strings). */
const COMMON = [
  A4.title,
  A4.creditor,
  A4.recipient,
  `${A4.whereToPay} ${A4.whereToPayCta}`,
  "PAGA CON L'APP IO",
  WHERE_TO_PAY_APP_TEXT,
  'PAGA SUL TERRITORIO',
  WHERE_TO_PAY_TERRITORY_TEXT,
  A4.paymentData,
];
const FIELDS = [A4.fieldCreditor, A4.fieldSubject, A4.fieldNotice, A4.fieldEcFiscalCode, A4.fieldCbill];
const POSTE = [
  A4_POSTAL.postal,
  A4_POSTAL.postalText,
  A4_POSTAL.postalAccount,
  A4_POSTAL.postalHolder,
  A4_POSTAL.postalType,
  POSTAL.authorisation,
];

function expectedTexts(name: string, d: NoticeDocument): string[] {
  const t = [...COMMON, ...FIELDS, d.creditor.name, d.subject, d.recipient.name!];
  t.push(...d.payments.flatMap((p) => [p.navGrouped, `${p.amountText} ${A4.currency}`]));
  if (d.payments.some((p) => p.postal)) t.push(...POSTE, '000001234567');
  if (d.fine) t.push(A4.howMuchWhen, ...Object.values(A4.fine));
  else if (d.dueDate) t.push(A4.howMuchWhen, A4.amountDisclaimer, `${A4.dueBy} ${d.dueDate}`);
  else t.push(A4.howMuch, A4.amountDisclaimer);
  if (d.instalmentsLine) t.push(d.instalmentsLine);
  const instalments = d.payments.filter((x) => x.kind === 'instalment');
  if (instalments.length > 0) t.push(A4.qrAbove);
  if (instalments.length >= 9) t.push(A4.manyInstalments);
  for (const p of instalments) {
    const n = Number(/\d+/.exec(p.label)![0]);
    t.push(
      p.dueDate && name !== 'molte-rate-10'
        ? `${A4.instalment(n)} ${A4.dueBy} ${p.dueDate}`
        : A4.instalment(n),
    );
  }
  if (d.payments.some((p) => p.kind === 'single')) t.push(A4.qrSingle);
  if (d.payments.some((p) => p.kind === 'single') && !d.fine)
    t.push(d.dueDate ? `${A4.singlePayment} ${A4.dueBy} ${d.dueDate}` : A4.singlePayment);
  return t;
}

describe('the A4 notice, model by model, read back with poppler, zbarimg and dmtxread', () => {
  for (const [name, docs] of Object.entries(a4Models())) {
    it(`${name}: every text of the model, every code scanning to its payment, QR 25 mm`, async () => {
      const doc = docs[0]!;
      const pdf = inspectPdf(await renderA4Pdf(docs), dir.path, name);
      for (const s of expectedTexts(name, doc)) expect(pdf.flat, s).toContain(s);
      if (!doc.dueDate && !doc.fine) expect(pdf.flat).not.toContain(A4.dueBy);
      // Fonts: every one embedded, Titillium Web for text.
      expect(pdf.fonts).toContain('TitilliumWeb-Regular');
      for (const line of pdf.fonts.split('\n').slice(2).filter(Boolean))
        expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
      // Codes: each payment's QR exactly once, each postal Data Matrix exactly once.
      const qrs = pdf.pages.flatMap(zbarQr).sort();
      expect(qrs).toEqual(doc.payments.map((p) => p.qrPayload).sort());
      const postal = doc.payments.filter((p) => p.postal);
      // Each postal slip prints its authorisation beside its Data Matrix: that count per page tells dmtxread
      // how many to find there.
      const dms = pdf.pages
        .flatMap((png, i) => dmtx(png, pdf.pageTexts[i]!.split(POSTAL.authorisation).length - 1))
        .sort();
      expect(dms).toEqual(postal.map((p) => p.postal!.payload).sort());
      // Every QR is 25 mm (symbol without its quiet zone), measured on the rendered page.
      // jsQR reads one code per window and can miss one next to another: every code it does read must measure
      // 25 mm, and it must read at least one on every page that has codes (all are drawn by one function).
      for (const png of pdf.pages) {
        const sides = qrSidesMm(png);
        if (zbarQr(png).length > 0) expect(sides.size, png).toBeGreaterThan(0);
        for (const [payload, side] of sides) {
          expect(qrs).toContain(payload);
          expect(Math.abs(side - 25), payload).toBeLessThan(0.5);
        }
      }
    }, 180_000);
  }

  it('bilingual (Italian with German): both languages of every fixed text, codes unchanged', async () => {
    const docs = a4Models()['rata-unica-poste']!;
    const pdf = inspectPdf(await renderA4Pdf(docs, { secondLanguageFor: () => 'de' }), dir.path, 'bilingue');
    for (const s of [
      `${A4.title} / ${A4_DE.title}`,
      `${A4.creditor} / ${A4_DE.creditor}`,
      `${A4.howMuchWhen} / ${A4_DE.howMuchWhen}`,
      A4.amountDisclaimer,
      A4_DE.amountDisclaimer,
      A4_DE.app!.text,
      A4_DE.territory!.text,
      WHERE_TO_PAY_APP_TEXT,
      `${A4.fieldNotice} / ${A4_DE.fieldNotice}`,
      A4_DE.qrSingle,
    ])
      expect(pdf.flat, s).toContain(s);
    expect(pdf.pages.flatMap(zbarQr)).toEqual([docs[0]!.payments[0]!.qrPayload]);
  }, 60_000);

  it("second language (Italian with English): the guidelines' English strings, word for word, codes unchanged", async () => {
    const docs = a4Models()['rate-3']!;
    const pdf = inspectPdf(await renderA4Pdf(docs, { secondLanguageFor: () => 'en' }), dir.path, 'inglese');
    // Copied from the guidelines' "Stringhe dei testi fissi", tab "Inglese" (not from our constants).
    for (const s of [
      'AVVISO DI PAGAMENTO / PAYMENT NOTICE',
      'ENTE CREDITORE / PAYEE',
      'QUANTO E QUANDO PAGARE? / HOW MUCH AND WHEN TO PAY?',
      'During payment, if allowed by the payee, the amount could be updated automatically',
      'PAY WITH IO APP',
      'or with your Home Banking, payment app or the other authorized channels.',
      'at Banks and ATMs, in Post Offices, Cafés, Newsagents, Betting and Tobacco Shops, Supermarkets and other Enabled Merchants.',
      'RATA 1 / INSTALLMENT #1',
      'Puoi pagare per intero oppure in 3 rate',
      'You can pay the full amount or split in 3 installments',
      'Cod. Avviso / Notice Code',
      'Scan the QR Code with your payment app or use the data printed above.',
    ])
      expect(pdf.flat, s).toContain(s);
    expect(pdf.pages.flatMap(zbarQr).sort()).toEqual(docs[0]!.payments.map((p) => p.qrPayload).sort());
  }, 60_000);

  it('puts 3 instalments to a band, 2 when the count is even and not a multiple of 3, and a page per fine amount with Poste', async () => {
    const m = a4Models();
    const pages = async (n: string) =>
      inspectPdf(await renderA4Pdf(m[n]!), dir.path, `pages-${n}`).pages.length;
    expect(await pages('rata-unica')).toBe(1);
    expect(await pages('codice-della-strada')).toBe(1);
    expect(await pages('codice-della-strada-poste')).toBe(2);
  }, 120_000);
});
