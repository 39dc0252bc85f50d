import type PDFKit from 'pdfkit';
import type { NoticeDocument, NoticePayment } from '../../../../core/notice/document';
import { A4_POSTAL as P, type A4Texts } from '../../../../core/notice/a4-texts';
import { drawDataMatrix, drawQr, MM, qrQuietMm } from './codes';
import type { Band } from './plan';
import { GAP, LEFT, WIDTH } from './sections';
import { field, write } from './text';

const QR = 25 * MM;
const QUIET = qrQuietMm() * MM;

function rule(pdf: PDFKit.PDFDocument, y: number): void {
  pdf
    .save()
    .lineWidth(0.5)
    .strokeColor('#7f7f7f')
    .moveTo(LEFT, y)
    .lineTo(LEFT + WIDTH, y)
    .stroke()
    .restore();
}

const due = (T: A4Texts, p: NoticePayment): string => (p.dueDate ? ` ${T.dueBy} ${p.dueDate}` : '');
const instalmentTitle = (T: A4Texts, p: NoticePayment): string =>
  `${p.kind === 'single' ? T.singlePayment : T.instalment(Number(/\d+/.exec(p.label)?.[0] ?? 1))}${due(T, p)}`;

function singleBand(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  b: Extract<Band, { kind: 'single' }>,
  top: number,
): void {
  const p = b.payment;
  rule(pdf, top);
  const y0 = top + 3 * MM;
  const tier: readonly [string, string] | null =
    b.tier === 'discounted'
      ? [T.fine.discounted, T.fine.discountedWhen]
      : b.tier === 'reduced'
        ? [T.fine.reduced, T.fine.reducedWhen]
        : null;
  const th = write(pdf, tier ? tier[0] : instalmentTitle(T, p), LEFT, y0, {
    style: 'bold',
    size: 10,
    width: 145 * MM,
  });
  if (tier) write(pdf, tier[1], LEFT, y0 + th, { size: 8, width: 145 * MM });
  write(pdf, `${p.amountText} ${T.currency}`, LEFT + 150 * MM, y0 - 1 * MM, {
    style: 'bold',
    size: 14,
    width: 40 * MM,
    align: 'right',
  });
  const y1 = y0 + 10 * MM;
  write(pdf, T.qrSingle, LEFT, y1, { size: 8.5, width: 48 * MM });
  drawQr(pdf, p.qrPayload, LEFT + 52 * MM + QUIET, y1);
  const fx = LEFT + 52 * MM + QR + 2 * QUIET + 2 * MM;
  const fw = LEFT + WIDTH - fx;
  let y = y1;
  if (doc.recipient.name) y += field(pdf, T.fieldRecipient, doc.recipient.name, fx, y, fw) + 1 * MM;
  y += field(pdf, T.fieldCreditor, doc.creditor.name, fx, y, fw) + 1 * MM;
  y += field(pdf, T.fieldSubject, doc.subject, fx, y, fw) + 1 * MM;
  // Codes in Roboto Mono 9 pt: 22 characters of Codice Avviso need about 42 mm.
  const cbillW = doc.creditor.cbill ? 22 * MM : 0;
  if (doc.creditor.cbill) field(pdf, T.fieldCbill, doc.creditor.cbill, fx, y, cbillW - 2 * MM, 'mono');
  field(pdf, T.fieldNotice, p.navGrouped, fx + cbillW, y, 46 * MM, 'mono');
  field(
    pdf,
    T.fieldEcFiscalCode,
    doc.creditor.fiscalCode,
    fx + cbillW + 47 * MM,
    y,
    fw - cbillW - 47 * MM,
    'mono',
  );
}

function postalHeader(pdf: PDFKit.PDFDocument, top: number): number {
  rule(pdf, top);
  const y0 = top + 3 * MM;
  write(pdf, P.postal, LEFT, y0, { style: 'bold', size: 10, width: 60 * MM });
  write(pdf, P.postalText, LEFT + 62 * MM, y0, { size: 8, width: 88 * MM });
  return y0 + 10 * MM;
}

function postalSingle(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  p: NoticePayment,
  top: number,
): void {
  const postal = p.postal!;
  const y1 = postalHeader(pdf, top);
  write(pdf, `${p.amountText} ${T.currency}`, LEFT + 150 * MM, top + 2 * MM, {
    style: 'bold',
    size: 14,
    width: 40 * MM,
    align: 'right',
  });
  field(pdf, P.postalAccount, postal.postalAccount, LEFT, y1, 60 * MM, 'monoBold', 10);
  field(pdf, P.postalHolder, doc.creditor.name, LEFT + 62 * MM, y1, 128 * MM);
  const y2 = y1 + 11 * MM;
  drawDataMatrix(pdf, postal.payload, LEFT + 2 * MM, y2);
  write(pdf, postal.authorisation, LEFT, y2 + QR + 3 * MM, { size: 7, width: 60 * MM, gray: 0.7 });
  const fx = LEFT + 62 * MM;
  const fw = 128 * MM;
  let y = y2;
  if (doc.recipient.name) y += field(pdf, T.fieldRecipient, doc.recipient.name, fx, y, fw) + 1 * MM;
  y += field(pdf, T.fieldSubject, doc.subject, fx, y, fw) + 1 * MM;
  field(pdf, T.fieldNotice, p.navGrouped, fx, y, fw / 2, 'mono');
  field(pdf, P.postalType, P.postalTypeValue, fx + fw / 2, y, fw / 6, 'mono');
  field(pdf, T.fieldEcFiscalCode, doc.creditor.fiscalCode, fx + (fw * 2) / 3, y, fw / 3, 'mono');
}

/** Shared data of an instalment band: who, for what, to whom (the models print them once per band). */
function sharedStrip(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  y: number,
  withCbill: boolean,
): number {
  const w = WIDTH / 4;
  const hs = [
    doc.recipient.name
      ? field(pdf, T.fieldRecipient, doc.recipient.name, LEFT, y, w - 2 * MM, 'semibold', 8)
      : 0,
    field(pdf, T.fieldCreditor, doc.creditor.name, LEFT + w, y, w - 2 * MM, 'semibold', 8),
    field(pdf, T.fieldSubject, doc.subject, LEFT + 2 * w, y, w - 2 * MM, 'semibold', 8),
    (withCbill && doc.creditor.cbill
      ? field(pdf, T.fieldCbill, doc.creditor.cbill, LEFT + 3 * w, y, w / 2, 'mono', 8)
      : 0) + 0,
    field(pdf, T.fieldEcFiscalCode, doc.creditor.fiscalCode, LEFT + 3.5 * w, y, w / 2, 'mono', 8),
  ];
  return y + Math.max(...hs) + 2 * MM;
}

function cells<T>(columns: number, items: readonly T[], draw: (item: T, x: number, w: number) => void): void {
  const w = (WIDTH - (columns - 1) * GAP) / columns;
  items.forEach((it, i) => draw(it, LEFT + i * (w + GAP), w));
}

function instalmentsBand(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  b: Extract<Band, { kind: 'instalments' }>,
  top: number,
): void {
  rule(pdf, top);
  const y0 = top + 3 * MM;
  const shared = sharedStrip(pdf, T, doc, y0, true);
  const y1 = shared + write(pdf, T.qrAbove, LEFT, shared, { size: 8, width: WIDTH }) + 2 * MM;
  cells(b.columns, b.payments, (p, x, w) => {
    let y = y1;
    y += write(pdf, instalmentTitle(T, p), x, y, { style: 'bold', size: 10, width: w });
    y += write(pdf, `${p.amountText} ${T.currency}`, x, y, { style: 'bold', size: 13, width: w });
    drawQr(pdf, p.qrPayload, x + QUIET, y + QUIET);
    y += QR + 2 * QUIET;
    field(pdf, T.fieldNotice, p.navGrouped, x, y, w, 'mono');
  });
}

function postalInstalments(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  b: Extract<Band, { kind: 'postal-instalments' }>,
  top: number,
): void {
  const y1 = postalHeader(pdf, top);
  const first = b.payments[0]!.postal!;
  field(pdf, P.postalAccount, first.postalAccount, LEFT, y1, 50 * MM, 'monoBold', 9);
  field(pdf, P.postalHolder, doc.creditor.name, LEFT + 50 * MM, y1, 70 * MM, 'semibold', 8);
  field(pdf, P.postalType, P.postalTypeValue, LEFT + 122 * MM, y1, 15 * MM, 'mono', 8);
  const y2 = sharedStrip(pdf, T, doc, y1 + 10 * MM, false);
  cells(b.columns, b.payments, (p, x, w) => {
    let y = y2;
    y += write(pdf, instalmentTitle(T, p), x, y, { style: 'bold', size: 10, width: w });
    y += write(pdf, `${p.amountText} ${T.currency}`, x, y, { style: 'bold', size: 12, width: w });
    drawDataMatrix(pdf, p.postal!.payload, x + 1 * MM, y + 1 * MM);
    y += QR + 2 * MM;
    y += field(pdf, T.fieldNotice, p.navGrouped, x, y, w, 'mono', 8);
    write(pdf, p.postal!.authorisation, x, y + 0.5 * MM, { size: 6.5, width: w, gray: 0.7 });
  });
}

/** "Molte rate": the strip once per page, then rows of three compact cells. */
export function drawCompactStrip(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  top: number,
): void {
  rule(pdf, top);
  const y0 = top + 3 * MM;
  const shared = sharedStrip(pdf, T, doc, y0, true);
  write(pdf, T.qrAbove, LEFT, shared, { size: 8, width: WIDTH });
}

function compactRow(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  b: Extract<Band, { kind: 'compact' }>,
  top: number,
): void {
  rule(pdf, top);
  cells(3, b.payments, (p, x, w) => {
    const y = top + 3 * MM;
    drawQr(pdf, p.qrPayload, x + QUIET, y + QUIET);
    const tx = x + QR + 2 * QUIET + 1 * MM;
    const tw = w - (tx - x);
    let ty = y + QUIET;
    ty += write(pdf, T.instalment(Number(/\d+/.exec(p.label)?.[0] ?? 1)), tx, ty, {
      style: 'bold',
      size: 10,
      width: tw,
    });
    if (p.dueDate) ty += write(pdf, `${T.dueBy} ${p.dueDate}`, tx, ty, { size: 8.5, width: tw });
    write(pdf, `${p.amountText} ${T.currency}`, tx, ty, { style: 'bold', size: 11, width: tw });
    // Under the QR, across the cell: the notice number on one line, as a cashier types it.
    field(pdf, T.fieldNotice, p.navGrouped, x, y + QR + 2 * QUIET, w, 'mono', 8);
  });
}

export function drawBand(
  pdf: PDFKit.PDFDocument,
  T: A4Texts,
  doc: NoticeDocument,
  b: Band,
  top: number,
): void {
  switch (b.kind) {
    case 'single':
      return singleBand(pdf, T, doc, b, top);
    case 'postal-single':
      return postalSingle(pdf, T, doc, b.payment, top);
    case 'instalments':
      return instalmentsBand(pdf, T, doc, b, top);
    case 'postal-instalments':
      return postalInstalments(pdf, T, doc, b, top);
    case 'compact':
      return compactRow(pdf, T, b, top);
  }
}
