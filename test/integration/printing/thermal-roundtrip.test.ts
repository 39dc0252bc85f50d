import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rptIdFromQrCodeString } from '@pagopa/io-pagopa-commons/lib/pagopa';
import { isRight } from 'fp-ts/lib/Either';
import { composeNotice } from '../../../core/notice';
import { WHERE_TO_PAY_APP_TEXT, WHERE_TO_PAY_TERRITORY_TEXT } from '../../../core/notice/texts';
import {
  encodeBlocks,
  layoutNotices,
  openTransport,
  printableDots,
  renderPreviewPng,
} from '../../../native/printer';
import type { PaperWidth, PrintableDots, PrinterFamily, PrinterProfile } from '../../../native/printer';
import { startCaptureServer, type CaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { crop, pngToBitmap, scanQr, scanZxing } from '../../support/escpos/scan';
import { POSTAL, positionFixture } from '../../support/printing/positions';

const doc = (() => {
  const r = composeNotice({
    position: positionFixture(),
    optionIds: ['opt-single', 'opt-r1', 'opt-r2', 'opt-r3'],
    postal: POSTAL,
  });
  if (!r.ok) throw new Error(r.reason);
  return r.value;
})();

/** Joins wrapped lines back into one paragraph, as a reader would read them. */
const paragraphs = (text: string) => text.replace(/\n/g, ' ').replace(/ {2,}/g, ' ');

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(() => server.close());

const cases: [PrinterFamily, PaperWidth, PrintableDots | null][] = [
  ['epson', 58, null],
  ['epson', 80, null],
  ['star', 58, null],
  ['star', 80, null],
  ['custom', 58, null],
  ['custom', 80, null],
  // Issue 20: 80 mm printers with 512 printable dots (42 columns): nothing may wrap.
  ['epson', 80, 512],
  ['star', 80, 512],
  ['custom', 80, 512],
];

describe.each(cases)('%s %i mm (%s dots), sent over TCP to the capture server', (family, width, dots) => {
  const profile: PrinterProfile = { family, width, dots, qr: 'raster' };
  const blocks = layoutNotices([doc], profile);
  let d: ReturnType<typeof decodeEscPos>;

  beforeAll(async () => {
    const before = server.jobs.length;
    const sent = await openTransport(server.uri, { timeoutMs: 3000 }).send(encodeBlocks(blocks, profile));
    const jobs = await server.waitForJobs(before + 1);
    expect(jobs[before]!.length).toBe(sent.bytes);
    d = decodeEscPos(jobs[before]!, family);
  });

  it('selects CP858 and emits only commands the decoder knows', () => {
    expect(d.codePages[0]).toBe(family === 'star' ? 4 : 19);
    expect(new Set(d.codePages).size).toBe(1);
    expect(d.unknown).toEqual([]);
    expect(d.cuts).toBe(1);
  });

  it('carries every required field, € and accented names intact', () => {
    const text = paragraphs(d.text);
    for (const s of [
      'AVVISO DI PAGAMENTO',
      'ENTE CREDITORE',
      "Comune di Sant'Agata Militello",
      `Codice Fiscale ${doc.creditor.fiscalCode}`,
      'Codice CBILL AB12C',
      'DESTINATARIO AVVISO',
      "Niccolò Àlvarez D'Urso",
      'Codice Fiscale RSSMRA85T10A562S',
      'OGGETTO DEL PAGAMENTO',
      doc.subject,
      '1.020,99 Euro',
      'entro il 31/07/2025',
      'Puoi pagare per intero oppure in 3 rate',
      'RATA 2 di 3',
      '340,33 Euro',
      'entro il 30/09/2025',
      POSTAL.authorisation,
      'Via Roma 1 · 98076',
    ]) {
      expect(text).toContain(s);
    }
    for (const p of doc.payments)
      expect(d.lines.some((l) => l.text.trim() === p.navGrouped && l.heightScale === 2)).toBe(true);
    expect(d.text).not.toContain('\uFFFD');
  });

  it('prints both "where to pay" texts verbatim', () => {
    const text = paragraphs(d.text);
    expect(text).toContain(`PAGA CON L'APP IO ${WHERE_TO_PAY_APP_TEXT}`);
    expect(text).toContain(`PAGA SUL TERRITORIO ${WHERE_TO_PAY_TERRITORY_TEXT}`);
  });

  it('keeps every text line within the paper width', () => {
    for (const l of d.lines)
      expect(l.text.length * 12 * l.widthScale).toBeLessThanOrEqual(printableDots(profile));
  });

  it('draws one QR per option that scans (version 4) to the payload pagoPA’s own parser accepts', () => {
    const qrs = d.images.filter((img) => img.bitmap.height > 200 && scanQr(img.bitmap) !== null);
    const scanned = qrs.map((img) => scanQr(img.bitmap)!);
    expect(scanned.map((s) => s.data)).toEqual(doc.payments.map((p) => p.qrPayload));
    for (const s of scanned) {
      expect(s.version).toBe(4);
      expect(isRight(rptIdFromQrCodeString(s.data))).toBe(true);
    }
    for (const img of d.images) expect(img.bitmap.width % 8).toBe(0);
  });

  it('draws the Poste Data Matrix that reads back as the 256-character payload', () => {
    const read = d.images
      .map((img) => scanZxing(img.bitmap, 'DATA_MATRIX'))
      .filter((x): x is string => x !== null);
    expect(read).toEqual(doc.payments.map((p) => p.postal!.payload));
    for (const r of read) expect(r).toHaveLength(256);
  });

  it('prints the NAV as a Code128 in code set C that fits the paper', () => {
    if (family === 'star') {
      // Star line mode gives no control of the code set: the symbol is drawn by the desk (set C) as an image.
      const read = d.images
        .map((img) => scanZxing(img.bitmap, 'CODE_128'))
        .filter((x): x is string => x !== null);
      expect(read).toEqual(doc.payments.map((p) => p.nav));
      const widest = Math.max(...d.images.map((img) => img.bitmap.width));
      expect(widest).toBeLessThanOrEqual(printableDots(profile));
    } else {
      expect(d.barcodes.map((b) => b.data)).toEqual(doc.payments.map((p) => p.nav));
      for (const b of d.barcodes) {
        expect(b.codeSet).toBe('C');
        expect(b.widthDots + 20 * b.moduleDots).toBeLessThanOrEqual(printableDots(profile));
      }
    }
  });

  it('renders a preview PNG whose QR codes scan', () => {
    const bm = pngToBitmap(renderPreviewPng(blocks, profile));
    expect(bm.width).toBe(printableDots(profile));
    const qrBlock = blocks.findIndex((b) => b.kind === 'image' && b.role === 'qr');
    // Find the QR by scanning bands of the preview the height of a QR image.
    const qrImg = blocks[qrBlock];
    if (!qrImg || qrImg.kind !== 'image') throw new Error('no qr block');
    let found: string | null = null;
    for (let y = 0; y + qrImg.bitmap.height < bm.height && !found; y += 40) {
      found = scanQr(crop(bm, 0, y, bm.width, qrImg.bitmap.height + 40))?.data ?? null;
    }
    expect(found).toBe(doc.payments[0]!.qrPayload);
  });
});

describe('native QR (opt-in)', () => {
  it.each(['epson', 'star', 'custom'] as const)(
    '%s: the store command carries model 2, ECC M and the exact payload',
    (family) => {
      const profile: PrinterProfile = { family, width: 80, qr: 'native' };
      const d = decodeEscPos(encodeBlocks(layoutNotices([doc], profile), profile), family);
      expect(d.unknown).toEqual([]);
      expect(d.qrs.map((q) => q.data)).toEqual(doc.payments.map((p) => p.qrPayload));
      for (const q of d.qrs) expect(q).toMatchObject({ model: 2, ecc: 'M', printed: true });
    },
  );
});
