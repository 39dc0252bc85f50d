import type PDFKit from 'pdfkit';
import { runs, type FontStyle } from './fonts';

export interface TextOpts {
  readonly style?: FontStyle;
  readonly size: number;
  readonly width: number;
  readonly align?: 'left' | 'right' | 'center';
  /** 0–1; the postal authorisation is printed at 70% density. */
  readonly gray?: number;
  readonly lineGap?: number;
}

/**
 * Writes a text at (x, y) with the font chain of its style, one run per font, so that every character comes
 * from an embedded font that has it. Returns the height used.
 */
export function write(pdf: PDFKit.PDFDocument, text: string, x: number, y: number, o: TextOpts): number {
  const parts = runs(text, o.style ?? 'regular');
  const shade = o.gray === undefined ? 0 : Math.round(255 * (1 - o.gray));
  pdf.fontSize(o.size).fillColor([shade, shade, shade]);
  parts.forEach((r, i) => {
    pdf.font(r.font);
    const opts = {
      width: o.width,
      align: o.align ?? 'left',
      continued: i < parts.length - 1,
      lineGap: o.lineGap ?? 0,
    };
    if (i === 0) pdf.text(r.text, x, y, opts);
    else pdf.text(r.text, opts);
  });
  pdf.fillColor('black');
  return pdf.y - y;
}

/** A label over its value, the models' way of listing a field; returns the height used. */
export function field(
  pdf: PDFKit.PDFDocument,
  label: string,
  value: string,
  x: number,
  y: number,
  width: number,
  valueStyle: FontStyle = 'semibold',
  valueSize = 9,
): number {
  const h = write(pdf, label, x, y, { size: 7, width, gray: 0.7 });
  return h + write(pdf, value, x, y + h, { style: valueStyle, size: valueSize, width });
}
