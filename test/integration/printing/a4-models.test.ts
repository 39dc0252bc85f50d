import { afterAll, describe, expect, it } from 'vitest';
import { A4, A4_FINE } from '../../../core/notice/a4-texts';
import type { NoticeDocument } from '../../../core/notice/document';
import { WHERE_TO_PAY_APP_TEXT, WHERE_TO_PAY_TERRITORY_TEXT } from '../../../core/notice/texts';
import { renderA4Pdf } from '../../../electron/services/printing/a4-pdf';
import { a4Models } from '../../support/printing/a4-models';
import { POSTAL } from '../../support/printing/positions';
import { dmtx, inspectPdf, qrSidesMm, zbarQr } from '../../support/pdf/inspect';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-a4-');
afterAll(() => dir.remove());

/** Texts every first page carries, word for word (core/notice/a4-texts.ts holds the specification's). */
const COMMON = [
  A4.title,
  A4.creditor,
  A4.recipient,
  `${A4.whereToPay} ${A4.whereToPayList}`,
  "PAGA CON L'APP IO",
  WHERE_TO_PAY_APP_TEXT,
  'PAGA SUL TERRITORIO',
  WHERE_TO_PAY_TERRITORY_TEXT,
  A4.usePortion,
];
const BANKS = [
  A4.banks,
  A4.banksText,
  A4.fieldCreditor,
  A4.fieldSubject,
  A4.fieldNotice,
  A4.fieldEcFiscalCode,
];
const POSTE = [
  A4.postal,
  A4.postalText,
  A4.postalAccount,
  A4.postalHolder,
  A4.postalType,
  POSTAL.authorisation,
];

function expectedTexts(name: string, d: NoticeDocument): string[] {
  const t = [...COMMON, ...BANKS, d.creditor.name, d.subject, d.recipient.name!];
  t.push(...d.payments.flatMap((p) => [p.navGrouped, `${p.amountText} ${A4.currency}`]));
  if (d.payments.some((p) => p.postal)) t.push(...POSTE, '000001234567');
  if (d.fine) t.push(A4.howMuchWhen, ...Object.values(A4_FINE));
  else if (d.dueDate) t.push(A4.howMuchWhen, A4.amountDisclaimer, `${A4.dueBy} ${d.dueDate}`);
  else t.push(A4.howMuch, A4.amountDisclaimer);
  if (d.instalmentsLine) t.push(d.instalmentsLine);
  for (const p of d.payments.filter((x) => x.kind === 'instalment')) {
    const n = /\d+/.exec(p.label)![0];
    t.push(p.dueDate && name !== 'molte-rate-10' ? `RATA ${n} ${A4.dueBy} ${p.dueDate}` : `RATA ${n}`);
  }
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
      const sides = new Map(pdf.pages.flatMap((png) => [...qrSidesMm(png)]));
      expect([...sides.keys()].sort()).toEqual(qrs);
      for (const [payload, side] of sides) expect(Math.abs(side - 25), payload).toBeLessThan(0.5);
    }, 180_000);
  }

  it('puts 3 instalments to a band, 2 when the count is even and not a multiple of 3, and a page per fine amount with Poste', async () => {
    const m = a4Models();
    const pages = async (n: string) =>
      inspectPdf(await renderA4Pdf(m[n]!), dir.path, `pages-${n}`).pages.length;
    expect(await pages('rata-unica')).toBe(1);
    expect(await pages('codice-della-strada')).toBe(1);
    expect(await pages('codice-della-strada-poste')).toBe(2);
  }, 120_000);
});
