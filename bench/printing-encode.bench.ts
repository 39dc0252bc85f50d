/**
 * Printing: compose + lay out + encode one notice, warm, per family; bytes per notice per family and width;
 * end to end from PrintingService.print to the last byte at a TCP capture server on 127.0.0.1. Baseline in the
 * same run: the same notice's text, QR and Code128 encoded by @point-of-sale/receipt-printer-encoder
 * (native QR and barcode commands, no raster), for time and size.
 */
import ReceiptPrinterEncoder from '@point-of-sale/receipt-printer-encoder';
import { composeNotice } from '../core/notice';
import { encodeBlocks, layoutNotices, type PaperWidth, type PrinterFamily } from '../native/printer';
import { startCaptureServer } from '../test/support/escpos/capture-server';
import { positionFixture } from '../test/support/printing/positions';
import { printingHarness } from '../test/support/printing/service';
import { machineConditions, report, summarize, type Figure } from './lib/report';

const position = positionFixture();
const ids = ['opt-single'];
const families: PrinterFamily[] = ['epson', 'star', 'custom'];
const widths: PaperWidth[] = [58, 80];

function ours(family: PrinterFamily, width: PaperWidth): Buffer {
  const d = composeNotice({ position, optionIds: ids });
  if (!d.ok) throw new Error(d.reason);
  const profile = { family, width, qr: 'raster' as const };
  return encodeBlocks(layoutNotices([d.value], profile), profile);
}

function baseline(width: PaperWidth): Uint8Array {
  const d = composeNotice({ position, optionIds: ids });
  if (!d.ok) throw new Error(d.reason);
  const doc = d.value;
  const p = doc.payments[0]!;
  const e = new ReceiptPrinterEncoder({
    language: 'esc-pos',
    columns: width === 80 ? 48 : 32,
    codepageMapping: 'epson',
  });
  e.initialize().codepage('cp858').align('center').bold(true).line(doc.title).bold(false).align('left');
  for (const l of [
    'ENTE CREDITORE',
    doc.creditor.name,
    `Codice Fiscale ${doc.creditor.fiscalCode}`,
    `Codice CBILL ${doc.creditor.cbill}`,
    'DESTINATARIO AVVISO',
    doc.recipient.name ?? '',
    `Codice Fiscale ${doc.recipient.fiscalCode}`,
    'OGGETTO DEL PAGAMENTO',
    doc.subject,
    `${doc.amountText} Euro`,
    `entro il ${doc.dueDate}`,
    doc.whereToPay.app.title,
    doc.whereToPay.app.text,
    doc.whereToPay.territory.title,
    doc.whereToPay.territory.text,
    p.label,
    p.navGrouped,
  ])
    e.line(l);
  e.barcode(p.nav, 'code128', 64)
    .qrcode(p.qrPayload, 2, width === 80 ? 7 : 6, 'm')
    .cut();
  return e.encode();
}

function timeIt(fn: () => unknown, n = 300): { p50: number; p99: number } {
  for (let i = 0; i < 30; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

const figures: Figure[] = [];
const base80 = timeIt(() => baseline(80));
for (const f of families) {
  const t = timeIt(() => ours(f, 80));
  figures.push({
    name: `compose+encode ${f} 80mm p50`,
    value: +t.p50.toFixed(3),
    unit: 'ms',
    baseline: { name: 'receipt-printer-encoder p50', value: +base80.p50.toFixed(3), unit: 'ms' },
  });
  figures.push({
    name: `compose+encode ${f} 80mm p99`,
    value: +t.p99.toFixed(3),
    unit: 'ms',
    baseline: { name: 'receipt-printer-encoder p99', value: +base80.p99.toFixed(3), unit: 'ms' },
  });
}
for (const f of families)
  for (const w of widths)
    figures.push({
      name: `bytes ${f} ${w}mm`,
      value: ours(f, w).length,
      unit: 'B',
      baseline: { name: `receipt-printer-encoder ${w}mm (native QR)`, value: baseline(w).length, unit: 'B' },
    });

const server = await startCaptureServer();
const h = printingHarness({
  default: 'p',
  list: [{ id: 'p', name: 'bench', family: 'epson', width: 80, interface: server.uri }],
});
const e2e: number[] = [];
for (let i = 0; i < 60; i++) {
  const before = server.jobs.length;
  const t = performance.now();
  await h.service.print({ optionIds: ids, reprint: i > 0, idempotency: `bench-${i}-${Date.now()}` });
  await server.waitForJobs(before + 1);
  e2e.push((server.lastByteAt[before] ?? performance.now()) - t);
}
const s = summarize(e2e.slice(5));
figures.push({
  name: 'notices.print → last byte at capture server p50',
  value: +s.p50.toFixed(2),
  unit: 'ms',
});
figures.push({
  name: 'notices.print → last byte at capture server p99',
  value: +s.p99.toFixed(2),
  unit: 'ms',
});
h.close();
await server.close();
report({
  bench: 'printing-encode',
  conditions: { ...machineConditions(), notice: '1 single payment, raster QR', samples: 300 },
  figures,
});
