/**
 * Issue 20's measures. A4 notice PDF per notice (single payment, 3 instalments, 10 instalments): ms and bytes,
 * against pdfkit's bare page (one line of Helvetica) in the same run. Thermal slip: bytes with the desk's
 * raster QR and with the printer's native QR command, and time from send to the last byte per transport (TCP
 * raw with peer close, TCP with the printer's status confirmation, a device file); for a 9600-baud serial
 * line the time is computed from the bytes (10 bits per byte), not measured.
 */
import PDFDocument from 'pdfkit';
import { composeNotice } from '../core/notice';
import type { NoticeDocument } from '../core/notice/document';
import { renderA4Pdf } from '../electron/services/printing/a4-pdf';
import { encodeBlocks, layoutNotices, openTransport, type PrinterProfile } from '../native/printer';
import { sendConfirmed } from '../native/printer/status/confirm';
import { startCaptureServer } from '../test/support/escpos/capture-server';
import { startPtyPrinter } from '../test/support/escpos/pty-printer';
import { startStatusPeer } from '../test/support/escpos/status-peer';
import { a4Models } from '../test/support/printing/a4-models';
import { positionFixture } from '../test/support/printing/positions';
import { machineConditions, report, summarize, type Figure } from './lib/report';

async function bare(): Promise<Buffer> {
  const pdf = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((r) => pdf.on('end', () => r(Buffer.concat(chunks))));
  pdf.font('Helvetica').fontSize(10).text('Avviso di pagamento');
  pdf.end();
  return done;
}

async function timeAsync(fn: () => Promise<unknown>, n: number): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

const figures: Figure[] = [];
const models = a4Models();
const bareT = await timeAsync(bare, 30);
const bareBytes = (await bare()).length;
const cases: [string, NoticeDocument[]][] = [
  ['single payment', models['rata-unica']!],
  ['3 instalments', models['rate-3']!],
  ['10 instalments', models['molte-rate-10']!],
];
for (const [name, docs] of cases) {
  const t = await timeAsync(() => renderA4Pdf(docs), 30);
  figures.push({
    name: `A4 PDF ${name} p50`,
    value: +t.p50.toFixed(2),
    unit: 'ms',
    baseline: { name: 'pdfkit bare page p50', value: +bareT.p50.toFixed(2), unit: 'ms' },
  });
  figures.push({
    name: `A4 PDF ${name} bytes`,
    value: (await renderA4Pdf(docs)).length,
    unit: 'B',
    baseline: { name: 'pdfkit bare page', value: bareBytes, unit: 'B' },
  });
}

const doc = composeNotice({ position: positionFixture(), optionIds: ['opt-single'] });
if (!doc.ok) throw new Error(doc.reason);
const slip = (qr: 'raster' | 'native', family: PrinterProfile['family'] = 'epson') => {
  const profile: PrinterProfile = { family, width: 80, qr };
  return encodeBlocks(layoutNotices([doc.value], profile), profile);
};
const raster = slip('raster');
const native = slip('native');
figures.push({
  name: 'slip bytes epson 80mm, native QR',
  value: native.length,
  unit: 'B',
  baseline: { name: 'raster QR', value: raster.length, unit: 'B' },
});
for (const [name, bytes] of [
  ['raster', raster],
  ['native', native],
] as const)
  figures.push({
    name: `serial 9600 baud, ${name} QR (computed)`,
    value: +((bytes.length * 10) / 9.6).toFixed(0),
    unit: 'ms',
  });

const server = await startCaptureServer();
const peer = await startStatusPeer('epson', 'ok');
// A serial printer on a real pseudo-terminal (no baud-rate limit: the 9600-baud figure is computed above).
const serial = await startPtyPrinter('epson', 'ok');
for (const [name, bytes] of [
  ['raster', raster],
  ['native', native],
] as const) {
  const tcp: number[] = [];
  for (let i = 0; i < 40; i++) {
    const before = server.jobs.length;
    const t = performance.now();
    await openTransport(server.uri, { timeoutMs: 3000 }).send(bytes);
    await server.waitForJobs(before + 1);
    tcp.push((server.lastByteAt[before] ?? performance.now()) - t);
  }
  const status = await timeAsync(() => sendConfirmed('127.0.0.1', peer.port, bytes, 'epson', 3000), 40);
  const dev = await timeAsync(async () => {
    const before = serial.received().length;
    await openTransport(serial.path, { timeoutMs: 3000, confirm: 'flushed' }).send(bytes);
    while (serial.received().length < before + bytes.length) await new Promise((r) => setImmediate(r));
  }, 40);
  const devStatus = await timeAsync(
    () => openTransport(serial.path, { timeoutMs: 3000, confirm: 'status', family: 'epson' }).send(bytes),
    40,
  );
  figures.push({
    name: `TCP raw → last byte, ${name} QR p50`,
    value: +summarize(tcp.slice(3)).p50.toFixed(2),
    unit: 'ms',
  });
  figures.push({
    name: `TCP + status confirmation (printed), ${name} QR p50`,
    value: +status.p50.toFixed(2),
    unit: 'ms',
  });
  figures.push({ name: `serial pty → last byte, ${name} QR p50`, value: +dev.p50.toFixed(2), unit: 'ms' });
  figures.push({
    name: `serial pty + status confirmation (printed), ${name} QR p50`,
    value: +devStatus.p50.toFixed(2),
    unit: 'ms',
  });
}
await serial.close();
await server.close();
await peer.close();
report({
  bench: 'printing-a4',
  conditions: { ...machineConditions(), samples: '30 (A4), 40 (transports)' },
  figures,
});
