import PDFDocument from 'pdfkit';
import type { NoticeDocument } from '../../../core/notice/document';
import { a4Texts, type SecondLanguage } from '../../../core/notice/a4-texts';
import { drawBand, drawCompactStrip } from './a4/bands';
import { MM } from './a4/codes';
import { registerFonts } from './a4/fonts';
import { BAND_MM, planPages, STRIP_MM } from './a4/plan';
import { drawAmountAndWhere, drawHeader, drawParties, PAGE_BOTTOM } from './a4/sections';

export interface A4Options {
  /** Italian with German (bilingual) or English (second language) for the creditor's notices, by its code. */
  readonly secondLanguageFor?: (ecFiscalCode: string) => SecondLanguage | null;
  /** The creditor's logo (PNG or JPEG) by its fiscal code, from the configuration; null when none. */
  readonly logoFor?: (ecFiscalCode: string) => Buffer | null;
}

/**
 * The A4 notice as the pagoPA models draw it (Avviso di pagamento 3.x): on every page the header; on the
 * first the creditor and recipient, how much and when, where to pay; then the payment part, band by band
 * (a4/plan.ts decides which band goes on which page). Fonts are embedded (a4/fonts.ts), codes are vector.
 */
export function renderA4Pdf(docs: readonly NoticeDocument[], options: A4Options = {}): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 0,
    autoFirstPage: false,
    info: { Title: 'Avviso di pagamento pagoPA', Creator: 'Sportello' },
  });
  registerFonts(pdf);
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  for (const doc of docs) {
    const logo = options.logoFor?.(doc.creditor.fiscalCode) ?? null;
    const T = a4Texts(options.secondLanguageFor?.(doc.creditor.fiscalCode) ?? null);
    // The first page's room is known only once its information modules are drawn: draw them on a
    // first page, plan with the room left, then continue.
    pdf.addPage();
    let y = drawHeader(pdf, T, doc, logo);
    y = drawParties(pdf, T, doc, y);
    y = drawAmountAndWhere(pdf, T, doc, y);
    const otherTop = drawHeaderHeight(pdf, doc, logo);
    const pages = planPages(doc, (PAGE_BOTTOM - y) / MM, (PAGE_BOTTOM - otherTop) / MM);
    pages.forEach((bands, i) => {
      if (i > 0) {
        pdf.addPage();
        y = drawHeader(pdf, T, doc, logo);
      }
      for (const b of bands) {
        if (b.kind === 'compact' && bands.find((x) => x.kind === 'compact') === b) {
          drawCompactStrip(pdf, T, doc, y);
          y += STRIP_MM * MM;
        }
        drawBand(pdf, T, doc, b, y);
        y += BAND_MM[b.kind] * MM;
      }
    });
  }
  pdf.end();
  return done;
}

/** Where bands start on a page that has only the header: measured once per notice, off the page. */
function drawHeaderHeight(pdf: PDFKit.PDFDocument, doc: NoticeDocument, logo: Buffer | null): number {
  // pdfkit has no dry run; the header's height follows from the subject's lines and the logo.
  const lines = Math.ceil(pdf.font('bold-0').fontSize(16).widthOfString(doc.subject) / ((190 - 36) * MM));
  const text = 10 * MM + 14 + 1 * MM + lines * 18;
  return Math.max(text, logo ? 40 * MM : text) + 6 * MM;
}
