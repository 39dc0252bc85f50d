import type PDFKit from 'pdfkit';
import { dataMatrixBitmap, qrBitmap, type Bitmap } from '../../../../native/printer/bitmap';

export const MM = 72 / 25.4;

/** Quiet zones the symbols are built with (native/printer/bitmap.ts): QR 4 modules, Data Matrix 2. */
const QR_QUIET = 4;
const DM_QUIET = 2;

/**
 * Draws a symbol as vector squares (the specification asks for vector, monochrome codes) so that the symbol
 * itself, quiet zone excluded, measures `sideMm`; the quiet zone is left white around it. Returns the
 * side of the area used, quiet zone included, in points.
 */
function drawModules(
  pdf: PDFKit.PDFDocument,
  bm: Bitmap,
  quiet: number,
  x: number,
  y: number,
  sideMm: number,
): number {
  const modules = bm.width - 2 * quiet;
  const m = (sideMm * MM) / modules;
  pdf.save().fillColor('black');
  for (let r = 0; r < modules; r++) {
    // Horizontal runs of dark modules: far fewer path operations than one square per module.
    let c = 0;
    while (c < modules) {
      if (bm.dots[(r + quiet) * bm.width + c + quiet] !== 1) {
        c++;
        continue;
      }
      const start = c;
      while (c < modules && bm.dots[(r + quiet) * bm.width + c + quiet] === 1) c++;
      pdf.rect(x + start * m, y + r * m, (c - start) * m, m);
    }
  }
  pdf.fill().restore();
  return modules * m;
}

/** The pagoPA QR (version 4, ECC M), 25 mm symbol, at (x, y) top-left of the symbol. */
export function drawQr(pdf: PDFKit.PDFDocument, payload: string, x: number, y: number, sideMm = 25): void {
  drawModules(pdf, qrBitmap(payload, 1), QR_QUIET, x, y, sideMm);
}

/** The Poste Data Matrix (ECC 200), 25 mm symbol. */
export function drawDataMatrix(
  pdf: PDFKit.PDFDocument,
  payload: string,
  x: number,
  y: number,
  sideMm = 25,
): void {
  drawModules(pdf, dataMatrixBitmap(payload, 1), DM_QUIET, x, y, sideMm);
}

/** Width of the quiet zone around a 25 mm symbol, so callers keep it clear of text and rules. */
export const qrQuietMm = (sideMm = 25): number => (sideMm / 33) * QR_QUIET;
