import PDFDocument from 'pdfkit';
import type { NoticeDocument } from '../../../core/notice/document';
import { LABELS } from '../../../core/notice/texts';
import { dataMatrixBitmap, qrBitmap, toPng } from '../../../native/printer/bitmap';

const MM = 72 / 25.4;

/**
 * The A4 notice, generated locally, modules in the spec's order: header; creditor and recipient; amount, due
 * date and where to pay; payment data (one block per option, QR 25 mm, optional postal slip with Data
 * Matrix). Standard Helvetica: WinAnsi covers € and Italian accents.
 */
export function renderA4Pdf(docs: readonly NoticeDocument[]): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 15 * MM,
    info: { Title: 'Avviso di pagamento pagoPA', Creator: 'Sportello' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => pdf.on('end', () => resolve(Buffer.concat(chunks))));
  const left = 15 * MM;
  const width = pdf.page.width - 30 * MM;
  docs.forEach((d, n) => {
    if (n > 0) pdf.addPage();
    pdf
      .font('Helvetica-Bold')
      .fontSize(18)
      .text(d.title, left, 15 * MM);
    pdf.font('Helvetica').fontSize(10).text(d.subject, { width });
    pdf.moveDown(1);
    const top = pdf.y;
    pdf
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(LABELS.creditor, left, top, { width: width / 2 - 10 });
    pdf
      .font('Helvetica')
      .fontSize(10)
      .text(d.creditor.name, { width: width / 2 - 10 });
    if (d.creditor.sector) pdf.text(d.creditor.sector, { width: width / 2 - 10 });
    if (d.creditor.info)
      pdf
        .fontSize(8)
        .text(d.creditor.info, { width: width / 2 - 10 })
        .fontSize(10);
    pdf.text(`${LABELS.fiscalCode} ${d.creditor.fiscalCode}`);
    if (d.creditor.cbill) pdf.text(`${LABELS.cbill} ${d.creditor.cbill}`);
    const afterLeft = pdf.y;
    pdf
      .font('Helvetica-Bold')
      .fontSize(9)
      .text(LABELS.recipient, left + width / 2, top, { width: width / 2 });
    pdf.font('Helvetica').fontSize(10);
    if (d.recipient.name) pdf.text(d.recipient.name, { width: width / 2 });
    if (d.recipient.fiscalCode)
      pdf.text(`${LABELS.fiscalCode} ${d.recipient.fiscalCode}`, { width: width / 2 });
    pdf.y = Math.max(afterLeft, pdf.y) + 12;
    pdf.x = left;
    pdf.font('Helvetica-Bold').fontSize(9).text(LABELS.subject, left);
    pdf.font('Helvetica').fontSize(10).text(d.subject, { width });
    pdf.moveDown(0.5);
    pdf.font('Helvetica-Bold').fontSize(16).text(`${d.amountText} Euro`);
    pdf.fontSize(10);
    if (d.dueDate) pdf.text(`${LABELS.dueDate} ${d.dueDate}`);
    if (d.instalmentsLine) pdf.font('Helvetica').text(d.instalmentsLine);
    pdf.moveDown(0.5);
    pdf.font('Helvetica-Bold').text(d.whereToPay.app.title);
    pdf.font('Helvetica').text(d.whereToPay.app.text, { width });
    pdf.moveDown(0.3);
    pdf.font('Helvetica-Bold').text(d.whereToPay.territory.title);
    pdf.font('Helvetica').text(d.whereToPay.territory.text, { width });
    for (const p of d.payments) {
      const blockHeight = p.postal ? 75 * MM : 45 * MM;
      if (pdf.y + blockHeight > pdf.page.height - 15 * MM) pdf.addPage();
      pdf.moveDown(1);
      const y = pdf.y;
      pdf
        .moveTo(left, y)
        .lineTo(left + width, y)
        .stroke();
      pdf
        .font('Helvetica-Bold')
        .fontSize(10)
        .text(`${LABELS.paymentData} - ${p.label}`, left, y + 6);
      pdf.font('Helvetica').text(`${LABELS.noticeNumber} ${p.navGrouped}`);
      pdf.text(`${LABELS.ecFiscalCode} ${d.creditor.fiscalCode}`);
      pdf.font('Helvetica-Bold').text(`${p.amountText} Euro`);
      if (p.dueDate) pdf.font('Helvetica').text(`${LABELS.dueDate} ${p.dueDate}`);
      // 25 mm QR (spec), version 4 ECC M, drawn as the thermal slip draws it.
      pdf.image(toPng(qrBitmap(p.qrPayload, 8)), left + width - 25 * MM, y + 6, { width: 25 * MM });
      pdf.y = Math.max(pdf.y, y + 6 + 25 * MM);
      if (p.postal) {
        pdf.moveDown(0.5);
        pdf.font('Helvetica-Bold').text(LABELS.postalSlip, left);
        pdf.font('Helvetica').text(`${LABELS.postalAccount} ${p.postal.postalAccount}`);
        const dmY = pdf.y;
        pdf.image(toPng(dataMatrixBitmap(p.postal.payload, 4)), left, dmY + 4, { width: 22 * MM });
        pdf
          .fontSize(8)
          .text(p.postal.authorisation, left + 26 * MM, dmY + 10)
          .fontSize(10);
        pdf.y = dmY + 26 * MM;
      }
      pdf.x = left;
    }
  });
  pdf.end();
  return done;
}
