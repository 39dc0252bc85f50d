import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract/errors';
import {
  refusedPort,
  startBlackhole,
  startCaptureServer,
  type CaptureServer,
} from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { scanQr } from '../../support/escpos/scan';
import { printingHarness } from '../../support/printing/service';

const printer = (id: string, uri: string, timeoutMs = 1000) => ({
  id,
  name: `Stampante ${id}`,
  family: 'epson' as const,
  width: 80 as const,
  interface: uri,
  timeoutMs,
});

let server: CaptureServer;
let h: ReturnType<typeof printingHarness>;
beforeAll(async () => {
  server = await startCaptureServer();
});
afterAll(() => server.close());
afterEach(() => {
  server.mode = 'normal';
  h?.close();
});

const key = () => `k-${Math.random().toString(36).slice(2, 12)}`;

describe('print journal and service', () => {
  it('sends a notice once per idempotency key, and never claims more than "sent"', async () => {
    h = printingHarness({ default: 'desk', list: [printer('desk', server.uri)] });
    const before = server.jobs.length;
    const k = key();
    const [a, b] = await Promise.all([
      h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: k }),
      h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: k }),
    ]);
    expect(a.id).toBe(b.id);
    expect(a).toMatchObject({ state: 'sent', attempts: 1, reprint: false, lastError: null });
    const again = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: k });
    expect(again).toMatchObject({ id: a.id, state: 'sent', attempts: 1 });
    await server.waitForJobs(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.jobs.length).toBe(before + 1);
    const d = decodeEscPos(server.jobs[before]!, 'epson');
    expect(d.images.map((i) => scanQr(i.bitmap)?.data).filter(Boolean)).toHaveLength(1);
    expect(h.events.map((j) => j.state)).toEqual(['queued', 'queued', 'sent']);
    expect(h.status.get().printer).toEqual({ state: 'ready', name: 'Stampante desk' });
    // One attempt, audited before its bytes left, then its outcome.
    const audit = h.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'print.%' ORDER BY id").all();
    expect(audit).toEqual([{ action: 'print.attempt' }, { action: 'print.sent' }]);
  });

  it('asks for an explicit reprint and records it as one', async () => {
    h = printingHarness({ default: 'desk', list: [printer('desk', server.uri)] });
    const first = await h.service.print({ optionIds: ['opt-r1'], reprint: false, idempotency: key() });
    await expect(
      h.service.print({ optionIds: ['opt-r1'], reprint: false, idempotency: key() }),
    ).rejects.toMatchObject({
      code: 'REPRINT_REQUIRED',
      details: { jobIds: [first.id] },
    });
    const again = await h.service.print({ optionIds: ['opt-r1'], reprint: true, idempotency: key() });
    expect(again).toMatchObject({ state: 'sent', reprint: true, reprintOf: first.id });
    const preview = await h.service.preview({ optionIds: ['opt-r1'] });
    expect(preview.alreadySent).toEqual([first.id, again.id]);
  });

  it.each([
    [
      'refused',
      async (): Promise<string> => `tcp://127.0.0.1:${await refusedPort()}`,
      'PRINTER_UNREACHABLE',
      'REFUSED',
    ],
    ['missing device file', async (): Promise<string> => '/dev/usb/lp97', 'PRINTER_UNREACHABLE', 'NOT_FOUND'],
  ] as const)('%s → failed with the reason, then retry works', async (_name, uri, code, reason) => {
    h = printingHarness({ default: 'bad', list: [printer('bad', await uri()), printer('good', server.uri)] });
    const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
    expect(job).toMatchObject({ state: 'failed', attempts: 1, lastErrorCode: code, lastError: reason });
    expect(h.status.get().printer.state).toBe('unreachable');
    // The printer is fixed (here: the job's printer row now points at a working one) and the clerk retries.
    h.db.prepare("UPDATE print_jobs SET printer_id = 'good' WHERE id = ?").run(job.id);
    const before = server.jobs.length;
    const retried = await h.service.retry(job.id);
    expect(retried).toMatchObject({ id: job.id, state: 'sent', attempts: 2, lastError: null });
    await server.waitForJobs(before + 1);
    expect(await h.service.retry(job.id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('connect timeout → failed CONNECT_TIMEOUT', async () => {
    const hole = await startBlackhole();
    try {
      h = printingHarness({ default: 'p', list: [printer('p', hole.uri, 600)] });
      const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
      expect(job).toMatchObject({
        state: 'failed',
        lastErrorCode: 'PRINTER_TIMEOUT',
        lastError: 'CONNECT_TIMEOUT',
      });
    } finally {
      await hole.close();
    }
  });

  it('a printer that accepts but never reads → failed UNCONFIRMED (it may print: the clerk is told)', async () => {
    server.mode = 'never-read';
    h = printingHarness({ default: 'p', list: [printer('p', server.uri, 600)] });
    const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
    expect(job).toMatchObject({
      state: 'failed',
      lastErrorCode: 'PRINTER_TIMEOUT',
      lastError: 'UNCONFIRMED',
    });
  });

  it('reset mid-job → failed RESET; retry after the printer recovers is sent once', async () => {
    server.mode = 'reset-mid-job';
    h = printingHarness({ default: 'p', list: [printer('p', server.uri)] });
    const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
    expect(job).toMatchObject({ state: 'failed', lastErrorCode: 'PRINT_FAILED', lastError: 'RESET' });
    server.mode = 'normal';
    const before = server.jobs.length;
    const [a, b] = await Promise.all([h.service.retry(job.id), h.service.retry(job.id)]);
    expect(a).toEqual(b);
    expect(a.state).toBe('sent');
    await server.waitForJobs(before + 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(server.jobs.length).toBe(before + 1);
    const sent = h.db.prepare("SELECT COUNT(*) AS n FROM print_jobs WHERE state = 'sent'").get() as {
      n: number;
    };
    expect(sent.n).toBe(1);
  });

  it('the journal refuses to turn a sent job back', async () => {
    h = printingHarness({ default: 'p', list: [printer('p', server.uri)] });
    const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
    expect(() => h.db.prepare("UPDATE print_jobs SET state = 'queued' WHERE id = ?").run(job.id)).toThrow(
      /final/,
    );
  });

  it('the preview printer is the default and keeps what it printed as a PNG', async () => {
    h = printingHarness({});
    expect(h.service.printers()[0]).toMatchObject({ id: 'preview', isDefault: true, family: 'preview' });
    const job = await h.service.print({ optionIds: ['opt-single'], reprint: false, idempotency: key() });
    expect(job.state).toBe('sent');
    expect(existsSync(join(h.dataDir, 'print-preview', `job-${job.id}.png`))).toBe(true);
    const t = await h.service.test(undefined);
    expect(t).toMatchObject({ kind: 'test', state: 'sent' });
  });

  it('refuses unknown options and unknown printers with stable codes', async () => {
    h = printingHarness({});
    await expect(
      h.service.print({ optionIds: ['nope'], reprint: false, idempotency: key() }),
    ).rejects.toBeInstanceOf(AppError);
    await expect(h.service.preview({ optionIds: ['opt-single'], printerId: 'ghost' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      details: { reason: 'PRINTER_UNKNOWN' },
    });
  });

  it('probes status best-effort', async () => {
    h = printingHarness({
      default: 'p',
      list: [printer('p', server.uri), printer('q', `tcp://127.0.0.1:${await refusedPort()}`)],
    });
    expect((await h.service.status('p')).state).toBe('ready');
    expect((await h.service.status('q')).state).toBe('unreachable');
  });

  it('says the status in the desk’s language, switched between two checks', async () => {
    let lang: 'it' | 'en' = 'it';
    h = printingHarness(
      { default: 'q', list: [printer('q', `tcp://127.0.0.1:${await refusedPort()}`)] },
      () => lang,
    );
    expect((await h.service.status('q')).detail).toMatch(/nessuno in ascolto/);
    lang = 'en';
    expect((await h.service.status('q')).detail).toMatch(/nobody listening/);
  });
});
