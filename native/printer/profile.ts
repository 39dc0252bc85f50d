import { chooseDots, chooseQr, type PrinterModelId, type QrChoice } from '../../core/printers/models';

/** Printer families the desk drives, and the paper widths it lays notices out for. */
export type PrinterFamily = 'epson' | 'star' | 'custom';
export type PaperWidth = 58 | 80;
export type QrMode = 'raster' | 'native';
/**
 * Printable width in dots. 58 mm paper: 384 (48 mm at 203 dpi). 80 mm paper: 576 (72 mm at 203 dpi: Epson
 * TM-T20 series, Star TSP100/TSP650, Custom KUBE II) or 512 (Epson TM-T88 series at 180 dpi, many 80 mm
 * compatibles that print 64 mm). docs/printing.md lists the common models.
 */
export type PrintableDots = 384 | 512 | 576;

export interface PrinterProfile {
  readonly family: PrinterFamily;
  readonly width: PaperWidth;
  /** Printable dots when the model differs from its paper width's usual value (PAPER_DOTS). */
  readonly dots?: PrintableDots | null;
  /** `raster` (default): version 4, ECC M drawn by the desk, exact. `native`: the printer's own QR command. */
  readonly qr: QrMode;
}

/** 203 dpi (8 dots per mm). Printable dots: 48 mm of 58 mm paper, 72 mm of 80 mm paper. */
export const DOTS_PER_MM = 8;
export const PAPER_DOTS: Readonly<Record<PaperWidth, number>> = { 58: 384, 80: 576 };
/** Font A cell, the same on the three families. */
export const CELL_WIDTH = 12;
export const CELL_HEIGHT = 24;

export const printableDots = (p: Pick<PrinterProfile, 'width' | 'dots'>): number =>
  p.dots ?? PAPER_DOTS[p.width];

/** Font A columns of a profile: 32 at 384 dots, 42 at 512, 48 at 576 (half with double width). */
export const columns = (p: Pick<PrinterProfile, 'width' | 'dots'>, scale: 1 | 2 = 1): number =>
  Math.floor(printableDots(p) / (CELL_WIDTH * scale));

/**
 * Sizes chosen so that the codes scan on the first try. QR: version 4 (33 modules) at 6 dots per module on
 * 58 mm (24.8 mm, the A4 notice's 25 mm) and 7 on 80 mm (28.9 mm). Code128 set C, 134 modules: 2 dots per
 * module on 58 mm (268 dots + 2×20 quiet zone ≤ 384) and 3 on 80 mm (402 + 2×30 ≤ 576). Data Matrix
 * (48×48 for the 256-character Poste payload): 4 dots per module (24 mm).
 */
export const SIZES: Readonly<
  Record<PaperWidth, { qrModule: number; barcodeModule: number; barcodeHeight: number; dmModule: number }>
> = {
  58: { qrModule: 6, barcodeModule: 2, barcodeHeight: 64, dmModule: 4 },
  80: { qrModule: 7, barcodeModule: 3, barcodeHeight: 72, dmModule: 4 },
};

/**
 * Line pitch in dots. Epson and Custom are set explicitly (ESC 3 30); Star line mode uses its 1/6 inch
 * spacing (ESC z 1), 34 dots at 203 dpi.
 */
export const LINE_PITCH: Readonly<Record<PrinterFamily, number>> = { epson: 30, custom: 30, star: 34 };

/**
 * The profile a configured printer prints with: its model (core/printers/models.ts) fills in the printable
 * dots and whether its own QR command is used, unless the configuration says otherwise. `qrChoice` says
 * which was chosen and why (doctor, `sportello printers`, the test page).
 */
export function profileOf(p: {
  readonly family: PrinterFamily;
  readonly width: PaperWidth;
  readonly dots: PrintableDots | null;
  readonly model: PrinterModelId | null;
  readonly qr: 'auto' | QrMode;
}): PrinterProfile & { readonly qrChoice: QrChoice } {
  const qrChoice = chooseQr(p);
  return { family: p.family, width: p.width, dots: chooseDots(p), qr: qrChoice.mode, qrChoice };
}
