import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import type { ReceiptDocument } from '../../../core/fees/receipt';
import { encodeBlocks, openTransport, type PrinterProfile } from '../../../native/printer';
import { layoutReceipt } from '../../../native/printer/receipt-layout';
import type { PrintingService } from '../printing/printing-service';

const MM = 72 / 25.4;

/** ESC/POS bytes of a receipt for one printer profile. */
export function receiptBytes(doc: ReceiptDocument, profile: PrinterProfile): Buffer {
  return encodeBlocks(layoutReceipt(doc, profile), profile);
}

/**
 * Sends a receipt to a configured printer (or, for the preview printer, writes the bytes to the preview
 * folder). Receipts are not notices: they carry no payable code, so they skip the notices' print journal and
 * its reprint rule; each one is audited by the caller.
 */
export async function printReceipt(
  doc: ReceiptDocument,
  printing: PrintingService,
  printerId: string | undefined,
  dataDir: string,
): Promise<{ printerId: string; bytes: number }> {
  const p = printing.printer(printerId);
  const profile: PrinterProfile = { family: p.family, width: p.width, qr: 'raster' };
  const data = receiptBytes(doc, profile);
  if (p.preview) {
    const dir = join(dataDir, 'print-preview');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `receipt-${Date.now()}.bin`), data);
  } else {
    await openTransport(p.interface, { timeoutMs: p.timeoutMs, baud: p.baud }).send(data);
  }
  return { printerId: p.id, bytes: data.length };
}

/** The receipt as an A4 PDF (Helvetica: WinAnsi has € and the accents). */
export function receiptPdf(doc: ReceiptDocument): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 20 * MM,
    info: { Title: 'Ricevuta di pagamento', Creator: 'Sportello' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const width = pdf.page.width - 40 * MM;
  pdf.font('Helvetica-Bold').fontSize(18).text(doc.title, { width });
  pdf.font('Helvetica').fontSize(10).text('pagoPA', { width });
  pdf.moveDown(1);
  for (const [label, value] of doc.rows) {
    pdf.font('Helvetica-Bold').fontSize(9).text(label, { width });
    pdf.font('Helvetica').fontSize(11).text(value, { width });
    pdf.moveDown(0.5);
  }
  pdf.moveDown(1);
  pdf.font('Helvetica-Oblique').fontSize(8).text(doc.footer, { width });
  pdf.end();
  return done;
}
