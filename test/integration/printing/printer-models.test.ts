import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rptIdFromQrCodeString } from '@pagopa/io-pagopa-commons/lib/pagopa';
import { isRight } from 'fp-ts/lib/Either';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { printerIssues } from '../../../core/printers/printer-config';
import { PRINTER_MODELS } from '../../../core/printers/models';
import { printersProbe } from '../../../electron/cli/doctor/probes-printers';
import { runCli } from '../../../electron/cli/run';
import { parseConfig } from '../../../electron/services/config/load';
import type { Platform } from '../../../electron/services/platform/types';
import { startCaptureServer, type CaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { scanQr } from '../../support/escpos/scan';
import { EC_FISCAL_CODE, navFor, positionFixture } from '../../support/printing/positions';
import { printingHarness } from '../../support/printing/service';
import { tempDir } from '../../support/temp';

/**
 * Issue 20: a printer's `model` turns its own QR command on where the built-in table says it is reliable
 * (core/printers/models.ts), and the administrator can still force the raster QR. The desk's job goes to a
 * capture server and is decoded from its bytes.
 */

/** What the single payment's QR must hold, written from the pagoPA QR format, not from the composer. */
const PAYLOAD = `PAGOPA|002|${navFor(1)}|${EC_FISCAL_CODE}|102099`;
const GS_K = Buffer.from([0x1d, 0x28, 0x6b]);

const key = () => `k-${Math.random().toString(36).slice(2, 12)}`;
let server: CaptureServer;
let h: ReturnType<typeof printingHarness> | undefined;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(() => server.close());
afterEach(() => {
  h?.close();
  h = undefined;
});

async function printWith(printer: Record<string, unknown>, family: 'epson' | 'star' | 'custom') {
  h = printingHarness({
    default: 'a',
    list: [{ id: 'a', name: 'Banco', width: 80, interface: server.uri, timeoutMs: 3000, ...printer }],
  });
  const before = server.jobs.length;
  const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
  expect(job).toMatchObject({ state: 'sent' });
  const bytes = (await server.waitForJobs(before + 1))[before]!;
  return { bytes, decoded: decodeEscPos(bytes, family) };
}

describe('a built-in model turns the printer’s own QR on (issue 20)', () => {
  it('Epson TM-T20III: GS ( k with the exact payload, about 1.3 KB instead of 17; pagoPA’s parser reads it', async () => {
    const { bytes, decoded } = await printWith({ family: 'epson', model: 'epson-tm-t20iii' }, 'epson');
    expect(bytes.includes(GS_K)).toBe(true);
    expect(decoded.unknown).toEqual([]);
    expect(decoded.qrs).toHaveLength(1);
    expect(decoded.qrs[0]).toMatchObject({ data: PAYLOAD, model: 2, ecc: 'M', printed: true });
    expect(isRight(rptIdFromQrCodeString(decoded.qrs[0]!.data))).toBe(true);
    expect(bytes.length).toBeLessThan(4000);
  });

  it('the same model with qr forced to raster: no GS ( k, a raster QR that scans to the same payload', async () => {
    const { bytes, decoded } = await printWith(
      { family: 'epson', model: 'epson-tm-t20iii', qr: 'raster' },
      'epson',
    );
    expect(bytes.includes(GS_K)).toBe(false);
    expect(decoded.qrs).toEqual([]);
    const scanned = decoded.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean);
    expect(scanned).toEqual([PAYLOAD]);
  });

  it('a model whose QR command is not relied upon (Star TSP100, Custom KUBE II) gets the raster QR', async () => {
    for (const [family, model] of [
      ['star', 'star-tsp100'],
      ['custom', 'custom-kube-ii'],
    ] as const) {
      const { decoded } = await printWith({ family, model }, family);
      expect(decoded.qrs).toEqual([]);
      expect(decoded.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean)).toEqual([PAYLOAD]);
    }
  });

  it('Star TSP650II: the Star QR sequence with the exact payload', async () => {
    const { decoded } = await printWith({ family: 'star', model: 'star-tsp650ii' }, 'star');
    expect(decoded.qrs.map((q) => q.data)).toEqual([PAYLOAD]);
  });

  it('Epson TM-T88V lays out for its 512 dots (42 columns) without a `dots` key', async () => {
    const { decoded } = await printWith({ family: 'epson', model: 'epson-tm-t88v' }, 'epson');
    const widest = Math.max(...decoded.lines.map((l) => l.text.length * l.widthScale));
    expect(widest).toBeLessThanOrEqual(42);
    expect(widest).toBeGreaterThan(32);
  });

  it('a model of another family, or one the table does not know, is refused with a reason', () => {
    const base = { id: 'a', name: 'Banco', width: 80, interface: 'tcp://10.0.0.5' };
    expect(printerIssues({ ...base, family: 'epson', model: 'star-tsp650ii' })).toEqual([
      { field: 'model', reason: 'MODEL_FAMILY', params: { family: 'star' } },
    ]);
    expect(printerIssues({ ...base, family: 'epson', model: 'epson-tm-t1000' })).toEqual([
      { field: 'model', reason: 'CHOICE', params: {} },
    ]);
  });

  it('every model in the table names its source', () => {
    for (const m of Object.values(PRINTER_MODELS)) expect(m.source.length).toBeGreaterThan(10);
  });

  it('sportello doctor says which QR was chosen and why, for two printers', async () => {
    const config = parseConfig(
      {
        printers: {
          default: 'a',
          list: [
            { id: 'a', name: 'A', family: 'epson', width: 80, interface: server.uri, model: 'epson-tm-m30' },
            {
              id: 'b',
              name: 'B',
              family: 'epson',
              width: 80,
              interface: server.uri,
              model: 'epson-tm-m30',
              qr: 'raster',
            },
          ],
        },
      },
      'config.json',
    );
    const checks = await printersProbe({
      platform: {} as Platform,
      config: { config, locked: [], userValues: {} },
    });
    const byId = Object.fromEntries((Array.isArray(checks) ? checks : [checks]).map((c) => [c.id, c]));
    expect(byId['printer:a']!.data).toMatchObject({ qr: 'native', qrWhy: 'model', dots: 576, columns: 48 });
    expect(byId['printer:a']!.detail).toContain('QR: comando della stampante');
    expect(byId['printer:b']!.data).toMatchObject({ qr: 'raster', qrWhy: 'forced' });
    expect(byId['printer:b']!.detail).toContain('QR: immagine disegnata dallo sportello');
  });
});

describe('sportello print --model (issue 20)', () => {
  const dir = tempDir('sportello-cli-model-');
  afterAll(() => dir.remove());
  const positionsFile = join(dir.path, 'positions.json');
  writeFileSync(positionsFile, JSON.stringify([positionFixture()]));
  const run = async (...extra: string[]) => {
    const out = join(dir.path, `slip-${Math.random().toString(36).slice(2)}.bin`);
    const err: string[] = [];
    const code = await runCli(
      ['print', '--nav', navFor(1), '--positions', positionsFile, '--out', out, ...extra],
      {
        out: () => undefined,
        err: (l: string) => err.push(l),
        env: { ...process.env, SPORTELLO_DATA_DIR: dir.path },
      },
    );
    return { code, err, bytes: code === 0 ? readFileSync(out) : Buffer.alloc(0) };
  };

  it('a model with a reliable QR command gets it; --qr raster forces the drawing; a wrong family is refused', async () => {
    const native = await run('--family', 'epson', '--model', 'epson-tm-m30');
    expect(native.code).toBe(0);
    expect(decodeEscPos(native.bytes, 'epson').qrs.map((q) => q.data)).toEqual([PAYLOAD]);
    const raster = await run('--family', 'epson', '--model', 'epson-tm-m30', '--qr', 'raster');
    expect(raster.code).toBe(0);
    expect(raster.bytes.includes(GS_K)).toBe(false);
    const wrong = await run('--family', 'epson', '--model', 'star-tsp650ii');
    expect(wrong.code).toBe(2);
    expect(wrong.err.join('\n')).toContain('--family star');
  });
});
