import type { NoticeDocument } from '../../core/notice/document';
import { LABELS } from '../../core/notice/texts';
import { centreOn, code128Bitmap, code128Widths, dataMatrixBitmap, qrBitmap, type Bitmap } from './bitmap';
import { normalizeForCp858 } from './codepage';
import { SIZES, columns, printableDots, type PrinterProfile } from './profile';

export type Align = 'left' | 'center' | 'right';
/** `tall`: double height; `big`: double height and width (half the columns). */
export type TextSize = 'normal' | 'tall' | 'big';

/**
 * The slip as a list of device-independent blocks. The ESC/POS encoders and the preview renderer both walk
 * this list, so what the clerk sees is what the printer gets.
 */
export type Block =
  | {
      readonly kind: 'text';
      readonly text: string;
      readonly align: Align;
      readonly bold: boolean;
      readonly size: TextSize;
    }
  | { readonly kind: 'feed'; readonly dots: number }
  | { readonly kind: 'rule' }
  /** Already centred on the paper and a multiple of 8 dots wide. */
  | {
      readonly kind: 'image';
      readonly role: 'logo' | 'qr' | 'datamatrix' | 'barcode';
      readonly bitmap: Bitmap;
      readonly payload?: string;
    }
  /** Printer-native QR (profile.qr = 'native'); `preview` is the raster equivalent for the screen. */
  | {
      readonly kind: 'native-qr';
      readonly payload: string;
      readonly moduleDots: number;
      readonly preview: Bitmap;
    }
  /** Code128, code set C, drawn by the printer (Epson, Custom), centred. */
  | {
      readonly kind: 'barcode';
      readonly digits: string;
      readonly moduleDots: number;
      readonly height: number;
      readonly modules: number;
    }
  | { readonly kind: 'cut' };

export interface LayoutOptions {
  /** 1-bit logo, already dithered. */
  readonly logo?: Bitmap | null;
}

/** Word wrap to `cols` characters; a word longer than a line continues on the next one (wrapped, never cut). */
export function wrap(text: string, cols: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ').filter((w) => w.length > 0)) {
    let w = word;
    if (line.length > 0 && line.length + 1 + w.length <= cols) {
      line += ' ' + w;
      continue;
    }
    if (line.length > 0) lines.push(line);
    while (w.length > cols) {
      lines.push(w.slice(0, cols));
      w = w.slice(cols);
    }
    line = w;
  }
  if (line.length > 0 || lines.length === 0) lines.push(line);
  return lines;
}

class Builder {
  readonly blocks: Block[] = [];
  constructor(private readonly profile: PrinterProfile) {}

  text(raw: string, o: { align?: Align; bold?: boolean; size?: TextSize } = {}): void {
    const size = o.size ?? 'normal';
    const text = normalizeForCp858(raw);
    for (const line of wrap(text, columns(this.profile, size === 'big' ? 2 : 1))) {
      this.blocks.push({ kind: 'text', text: line, align: o.align ?? 'left', bold: o.bold ?? false, size });
    }
  }
  feed(dots: number): void {
    this.blocks.push({ kind: 'feed', dots });
  }
  rule(): void {
    this.blocks.push({ kind: 'rule' });
  }
  image(role: 'logo' | 'qr' | 'datamatrix' | 'barcode', bm: Bitmap, payload?: string): void {
    const bitmap = centreOn(bm, printableDots(this.profile));
    this.blocks.push(
      payload === undefined ? { kind: 'image', role, bitmap } : { kind: 'image', role, bitmap, payload },
    );
  }
}

/**
 * Thermal layout of one or more notices (one per position), each ended by a cut. Module order follows the
 * spec: header; creditor and recipient; amount, due date and where to pay; payment data per option.
 */
export function layoutNotices(
  docs: readonly NoticeDocument[],
  profile: PrinterProfile,
  opts: LayoutOptions = {},
): Block[] {
  const b = new Builder(profile);
  const size = SIZES[profile.width];
  for (const doc of docs) {
    if (opts.logo) {
      b.image('logo', opts.logo);
      b.feed(8);
    }
    b.text(doc.title, { align: 'center', bold: true, size: 'big' });
    b.text('pagoPA', { align: 'center' });
    b.rule();

    b.text(LABELS.creditor, { bold: true });
    b.text(doc.creditor.name);
    if (doc.creditor.sector) b.text(doc.creditor.sector);
    if (doc.creditor.info) b.text(doc.creditor.info);
    b.text(`${LABELS.fiscalCode} ${doc.creditor.fiscalCode}`);
    if (doc.creditor.cbill) b.text(`${LABELS.cbill} ${doc.creditor.cbill}`);
    b.feed(12);
    b.text(LABELS.recipient, { bold: true });
    if (doc.recipient.name) b.text(doc.recipient.name);
    if (doc.recipient.fiscalCode) b.text(`${LABELS.fiscalCode} ${doc.recipient.fiscalCode}`);
    b.rule();

    b.text(LABELS.subject, { bold: true });
    b.text(doc.subject);
    b.feed(12);
    b.text(`${doc.amountText} ${LABELS.currency}`, { bold: true, size: 'big' });
    if (doc.dueDate) b.text(`${LABELS.dueDate} ${doc.dueDate}`, { bold: true });
    if (doc.instalmentsLine) b.text(doc.instalmentsLine);
    b.rule();

    b.text(doc.whereToPay.app.title, { bold: true });
    b.text(doc.whereToPay.app.text);
    b.feed(12);
    b.text(doc.whereToPay.territory.title, { bold: true });
    b.text(doc.whereToPay.territory.text);

    for (const p of doc.payments) {
      b.rule();
      b.text(`${LABELS.paymentData} - ${p.label}`, { bold: true });
      b.text(`${p.amountText} ${LABELS.currency}`, { bold: true, size: 'big' });
      if (p.dueDate) b.text(`${LABELS.dueDate} ${p.dueDate}`);
      b.text(LABELS.noticeNumber);
      // The grouped NAV (22 characters) in large digits on one line: double width where it fits (576 dots: 24
      // double-width columns), else double height only (512 dots: 21; 384 dots: 16).
      b.text(p.navGrouped, {
        align: 'center',
        bold: true,
        size: p.navGrouped.length <= columns(profile, 2) ? 'big' : 'tall',
      });
      b.feed(8);
      if (profile.family === 'star') {
        b.image('barcode', code128Bitmap(p.nav, size.barcodeModule, size.barcodeHeight), p.nav);
      } else {
        const modules = code128Widths(p.nav).reduce((a, x) => a + x, 0);
        b.blocks.push({
          kind: 'barcode',
          digits: p.nav,
          moduleDots: size.barcodeModule,
          height: size.barcodeHeight,
          modules,
        });
      }
      b.feed(8);
      qr(b, profile, p.qrPayload, size.qrModule);
      b.text(`${LABELS.ecFiscalCode} ${doc.creditor.fiscalCode}`, { align: 'center' });
      if (p.postal) {
        b.feed(12);
        b.text(LABELS.postalSlip, { bold: true, align: 'center' });
        b.text(`${LABELS.postalAccount} ${p.postal.postalAccount}`, { align: 'center' });
        b.image('datamatrix', dataMatrixBitmap(p.postal.payload, size.dmModule), p.postal.payload);
        b.text(p.postal.authorisation, { align: 'center' });
      }
    }
    b.feed(24);
    b.blocks.push({ kind: 'cut' });
  }
  return b.blocks;
}

/** The printer's own QR command when the profile chose it, else the desk's raster drawing. */
function qr(b: Builder, profile: PrinterProfile, payload: string, moduleDots: number): void {
  if (profile.qr === 'native')
    b.blocks.push({
      kind: 'native-qr',
      payload,
      moduleDots,
      preview: centreOn(qrBitmap(payload, moduleDots), printableDots(profile)),
    });
  else b.image('qr', qrBitmap(payload, moduleDots), payload);
}

/** A test page: family, width, code page sample (€ and accents), a known QR, a ruler of columns. */
export function layoutTestPage(profile: PrinterProfile, name: string, payload: string): Block[] {
  const b = new Builder(profile);
  const cols = columns(profile);
  b.text('SPORTELLO - PAGINA DI PROVA', { align: 'center', bold: true });
  b.text(
    `${name} (${profile.family}, ${profile.width} mm, ${printableDots(profile)} punti, ${cols} colonne)`,
    {
      align: 'center',
    },
  );
  b.rule();
  b.text('€ àèéìòù ÀÈÉÌÒÙ «Perché?» – ok');
  b.text('1234567890'.repeat(Math.ceil(cols / 10)).slice(0, cols));
  // The QR as the printer's notices get it: the test page is where the administrator sees the model's command work.
  qr(b, profile, payload, SIZES[profile.width].qrModule);
  b.feed(24);
  b.blocks.push({ kind: 'cut' });
  return b.blocks;
}
