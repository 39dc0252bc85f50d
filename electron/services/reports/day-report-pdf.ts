import PDFDocument from 'pdfkit';
import type { DayReport } from './day-report';
import { dayReportLines } from './day-report-text';

/** The day report as an A4 PDF (standard Helvetica: WinAnsi covers € and the Italian accents). */
export function dayReportPdf(r: DayReport, deskId: string | null): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Chiusura di sportello ${r.date}`, Creator: 'Sportello' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const [title, ...body] = dayReportLines(r, deskId);
  pdf
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(title ?? '');
  pdf.font('Helvetica').fontSize(10);
  for (const line of body) pdf.text(line || ' ');
  pdf.end();
  return done;
}
