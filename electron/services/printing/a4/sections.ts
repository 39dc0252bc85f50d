import type PDFKit from 'pdfkit';
import type { NoticeDocument } from '../../../../core/notice/document';
import type { A4Texts } from '../../../../core/notice/a4-texts';
import { MM } from './codes';
import { MANY_INSTALMENTS } from './plan';
import { instalmentsLine } from '../../../../core/notice/texts';
import { write } from './text';

/** The models' 10 mm outer margins on T. */
export const LEFT = 10 * MM;
export const TOP = 10 * MM;
export const WIDTH = 190 * MM;
export const PAGE_BOTTOM = 287 * MM;
/** Modules are at least 6 mm apart (Allegato 2, "Margini e spazi"). */
export const GAP = 6 * MM;
const LOGO = 30 * MM;

/**
 * The header, on every page: "AVVISO DI PAGAMENTO", the subject (AVVISO.OGGETTO), and the creditor's logo
 * (ENTE.LOGO) in a 30×30 mm area against the top right corner. Returns the y below it.
 */
export function drawHeader(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  logo: Buffer | null,
): number {
  const textWidth = WIDTH - LOGO - GAP;
  let y = TOP;
  y += write(pdf, T.title, LEFT, y, { style: 'bold', size: 10, width: textWidth });
  y += 1 * MM;
  y += write(pdf, doc.subject, LEFT, y, { style: 'bold', size: 16, width: textWidth, lineGap: -2 });
  if (logo) {
    try {
      pdf.image(logo, LEFT + WIDTH - LOGO, TOP, { fit: [LOGO, LOGO], align: 'right' });
    } catch {
      // A broken logo file must not stop the notice; the configuration check reports it.
    }
  }
  return Math.max(y, logo ? TOP + LOGO : y) + GAP;
}

/** ENTE CREDITORE and DESTINATARIO AVVISO side by side. */
export function drawParties(pdf: PDFKit.PDFDocument, T: A4Texts, doc: NoticeDocument, top: number): number {
  const col = (WIDTH - GAP) / 2;
  const right = LEFT + col + GAP;
  let l = top;
  l += write(pdf, T.creditor, LEFT, l, { style: 'bold', size: 9, width: col });
  l += write(pdf, doc.creditor.name, LEFT, l, { style: 'semibold', size: 11, width: col });
  if (doc.creditor.sector) l += write(pdf, doc.creditor.sector, LEFT, l, { size: 9, width: col });
  if (doc.creditor.info) l += write(pdf, doc.creditor.info, LEFT, l, { size: 8, width: col });
  l += write(pdf, `${T.fiscalCode} ${doc.creditor.fiscalCode}`, LEFT, l, { size: 9, width: col });
  let r = top;
  r += write(pdf, T.recipient, right, r, { style: 'bold', size: 9, width: col });
  if (doc.recipient.name)
    r += write(pdf, doc.recipient.name, right, r, { style: 'semibold', size: 11, width: col });
  if (doc.recipient.fiscalCode)
    r += write(pdf, `${T.fiscalCode} ${doc.recipient.fiscalCode}`, right, r, { size: 9, width: col });
  return Math.max(l, r) + GAP;
}

function amountBlock(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  x: number,
  top: number,
  w: number,
): number {
  let y = top;
  if (doc.fine) {
    y += write(pdf, T.howMuchWhen, x, y, { style: 'bold', size: 10, width: w });
    y += 1 * MM;
    for (const [id, label, when] of [
      [doc.fine.discounted, T.fine.discounted, T.fine.discountedWhen],
      [doc.fine.reduced, T.fine.reduced, T.fine.reducedWhen],
    ] as const) {
      const p = doc.payments.find((x2) => x2.optionId === id)!;
      y += write(pdf, `${p.amountText} ${T.currency}`, x, y, { style: 'bold', size: 14, width: w });
      y += write(pdf, label, x, y, { style: 'semibold', size: 8.5, width: w });
      y += write(pdf, when, x, y, { size: 8.5, width: w });
      y += 1 * MM;
    }
    y += write(pdf, T.fine.choose, x, y, { size: 7.5, width: w });
    y += 1 * MM;
    y += write(pdf, T.fine.deadlinesTitle, x, y, { style: 'semibold', size: 7.5, width: w });
    y += write(pdf, T.fine.deadlines, x, y, { size: 7.5, width: w });
    y += write(pdf, T.fine.depositTitle, x, y, { style: 'semibold', size: 7.5, width: w });
    y += write(pdf, T.fine.deposit, x, y, { size: 7.5, width: w });
    return y;
  }
  y += write(pdf, doc.dueDate ? T.howMuchWhen : T.howMuch, x, y, { style: 'bold', size: 10, width: w });
  y += 1 * MM;
  const amount = `${doc.amountText} ${T.currency}`;
  y += write(pdf, doc.dueDate ? `${amount}  ${T.dueBy} ${doc.dueDate}` : amount, x, y, {
    style: 'bold',
    size: 16,
    width: w,
  });
  if (doc.instalmentsLine) {
    y += write(pdf, doc.instalmentsLine, x, y, { style: 'semibold', size: 9, width: w });
    const alsoWhole = doc.instalmentsLine === instalmentsLine(doc.planSize, true);
    if (T.planLine) y += write(pdf, T.planLine(doc.planSize, alsoWhole), x, y, { size: 9, width: w });
  }
  if (doc.payments.filter((p) => p.kind === 'instalment').length >= MANY_INSTALMENTS)
    y += write(pdf, T.manyInstalments, x, y, { size: 8.5, width: w });
  y += 1 * MM;
  y += write(pdf, T.amountDisclaimer, x, y, { size: 7.5, width: w });
  return y;
}

function whereBlock(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  x: number,
  top: number,
  w: number,
): number {
  let y = top;
  y += write(pdf, `${T.whereToPay} ${T.whereToPayCta}`, x, y, { style: 'bold', size: 10, width: w });
  y += 1 * MM;
  for (const [it, second] of [
    [doc.whereToPay.app, T.app],
    [doc.whereToPay.territory, T.territory],
  ] as const) {
    y += write(pdf, second ? `${it.title} / ${second.title}` : it.title, x, y, {
      style: 'bold',
      size: 9,
      width: w,
    });
    y += write(pdf, it.text, x, y, { size: 8.5, width: w });
    if (second) y += write(pdf, second.text, x, y, { size: 8.5, width: w });
    y += 1.5 * MM;
  }
  return y;
}

/** QUANTO E QUANDO PAGARE? beside DOVE PAGARE?, then the payment part's title. */
export function drawAmountAndWhere(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  top: number,
): number {
  const col = (WIDTH - GAP) / 2;
  const l = amountBlock(pdf, T, doc, LEFT, top, col);
  const r = whereBlock(pdf, T, doc, LEFT + col + GAP, top, col);
  let y = Math.max(l, r) + GAP;
  y += write(pdf, T.paymentData, LEFT, y, { style: 'bold', size: 10, width: WIDTH });
  return y + 2 * MM;
}
