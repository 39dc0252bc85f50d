import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer, type CaptureServer } from '../../support/escpos/capture-server';
import { decodeEscPos } from '../../support/escpos/decoder';
import { createTestDesk, type TestDesk } from '../../support/desk';

const printer = (id: string, uri: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Banco ${id}`,
  family: 'epson' as const,
  width: 80 as const,
  interface: uri,
  timeoutMs: 2000,
  ...over,
});

function pngFile(path: string): string {
  const img = new PNG({ width: 40, height: 20 });
  for (let i = 0; i < img.data.length; i += 4) {
    const dark = (i / 4) % 40 < 20;
    img.data[i] = img.data[i + 1] = img.data[i + 2] = dark ? 0 : 255;
    img.data[i + 3] = 255;
  }
  writeFileSync(path, PNG.sync.write(img));
  return path;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

let a: CaptureServer;
let b: CaptureServer;
let t: TestDesk | null = null;
beforeAll(async () => {
  [a, b] = await Promise.all([startCaptureServer(), startCaptureServer()]);
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('printers edited from the desk (desk.api.printers.*)', () => {
  it('saves a printer to the desk file by an atomic rename, and prints to it at once', async () => {
    t = createTestDesk({ config: { deskName: 'Sportello 9' } });
    const file = t.platform.paths.userConfigFile;
    const inodeBefore = statSync(file).ino;

    const saved = await t.desk.api.printers.save({ printer: printer('banco', a.uri) });
    expect(saved.ok).toBe(true);
    // A rename replaces the file: a new inode, never the old file rewritten in place.
    expect(statSync(file).ino).not.toBe(inodeBefore);
    expect(readdirSync(t.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const onDisk = readJson(file);
    expect(onDisk['deskName']).toBe('Sportello 9');
    expect(onDisk['printers']).toMatchObject({
      default: null,
      list: [{ id: 'banco', interface: a.uri, charset: 'PC858_EURO', logo: null, timeoutMs: 2000 }],
    });

    const def = await t.desk.api.printers.setDefault({ id: 'banco' });
    expect(def.ok && def.value).toMatchObject({ default: 'banco', locked: false });
    expect(readJson(file)['printers']).toMatchObject({ default: 'banco' });
    const list = await t.desk.api.printers.list();
    expect(list.ok && list.value.filter((p) => p.isDefault).map((p) => p.id)).toEqual(['banco']);
    expect(t.desk.services.status.get().printer).toEqual({ state: 'unknown', name: 'Banco banco' });

    // No restart: the next job goes to the printer just saved.
    const before = a.jobs.length;
    const job = await t.desk.api.printers.test({});
    expect(job.ok && job.value).toMatchObject({ state: 'sent', printerId: 'banco' });
    await a.waitForJobs(before + 1);
    expect(decodeEscPos(a.jobs[before]!, 'epson').text).toContain('Banco banco');

    // Replacing the printer (same id) re-points the very next job.
    const moved = await t.desk.api.printers.save({
      printer: printer('banco', b.uri, { name: 'Banco spostato' }),
    });
    expect(moved.ok && moved.value.printers.map((p) => [p.id, p.interface])).toEqual([['banco', b.uri]]);
    const beforeB = b.jobs.length;
    const again = await t.desk.api.printers.test({ printerId: 'banco' });
    expect(again.ok && again.value.state).toBe('sent');
    await b.waitForJobs(beforeB + 1);
    expect(decodeEscPos(b.jobs[beforeB]!, 'epson').text).toContain('Banco spostato');
    expect(a.jobs.length).toBe(before + 1);

    const audit = t.desk.services.db
      .prepare("SELECT action, subject FROM audit_log WHERE action LIKE 'printers.%' ORDER BY id")
      .all();
    expect(audit).toEqual([
      { action: 'printers.saved', subject: 'banco' },
      { action: 'printers.default', subject: 'banco' },
      { action: 'printers.saved', subject: 'banco' },
    ]);
  });

  it('removes a printer; removing the default one makes the preview printer the default', async () => {
    t = createTestDesk({
      config: { printers: { default: 'uno', list: [printer('uno', a.uri), printer('due', b.uri)] } },
    });
    const r = await t.desk.api.printers.remove({ id: 'uno' });
    expect(r.ok && r.value).toMatchObject({ default: null, printers: [{ id: 'due' }] });
    expect(readJson(t.platform.paths.userConfigFile)['printers']).toMatchObject({
      default: null,
      list: [{ id: 'due' }],
    });
    expect(t.desk.services.status.get().printer).toMatchObject({ state: 'preview' });
    const list = await t.desk.api.printers.list();
    expect(list.ok && list.value.map((p) => [p.id, p.isDefault])).toEqual([
      ['preview', true],
      ['due', false],
    ]);
    const gone = await t.desk.api.printers.remove({ id: 'uno' });
    expect(gone).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', details: { reason: 'PRINTER_UNKNOWN', printerId: 'uno' } },
    });
    const unknownDefault = await t.desk.api.printers.setDefault({ id: 'uno' });
    expect(unknownDefault.ok).toBe(false);
    const toPreview = await t.desk.api.printers.setDefault({ id: null });
    expect(toPreview.ok && toPreview.value.default).toBeNull();
  });

  it('refuses every change when the administrator sets printers, and leaves the file byte for byte', async () => {
    t = createTestDesk({
      config: { deskName: 'Sportello 4' },
      admin: { printers: { default: 'ufficio', list: [printer('ufficio', a.uri)] } },
    });
    const file = t.platform.paths.userConfigFile;
    const before = readFileSync(file);
    const view = await t.desk.api.printers.settings();
    expect(view.ok && view.value).toMatchObject({ locked: true, default: 'ufficio' });
    const locked = { code: 'INVALID_INPUT', details: { reason: 'LOCKED_BY_ADMIN' } };
    expect(await t.desk.api.printers.save({ printer: printer('mio', b.uri) })).toMatchObject({
      ok: false,
      error: locked,
    });
    expect(await t.desk.api.printers.remove({ id: 'ufficio' })).toMatchObject({ ok: false, error: locked });
    expect(await t.desk.api.printers.setDefault({ id: null })).toMatchObject({ ok: false, error: locked });
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(readdirSync(t.dataDir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses a bad interface or logo with a stable reason, leaving the file untouched', async () => {
    t = createTestDesk({ config: { deskName: 'Sportello 5' } });
    const file = t.platform.paths.userConfigFile;
    const before = readFileSync(file);
    const bad = await t.desk.api.printers.save({ printer: printer('x', 'tcp://10.0.0.5:99999') });
    expect(bad).toMatchObject({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: { reason: 'SCHEMA', issues: [{ path: 'printer.interface' }] },
      },
    });
    const scheme = await t.desk.api.printers.save({ printer: printer('x', 'http://10.0.0.5') });
    expect(scheme.ok).toBe(false);

    const notPng = join(t.dataDir, 'logo.png');
    writeFileSync(notPng, 'not an image');
    const cases: [string, string][] = [
      [join(t.dataDir, 'missing.png'), 'LOGO_NOT_FOUND'],
      [notPng, 'LOGO_NOT_PNG'],
      ['logo.png', 'LOGO_RELATIVE'],
    ];
    for (const [logo, reason] of cases) {
      const r = await t.desk.api.printers.save({ printer: printer('x', a.uri, { logo }) });
      expect(r, logo).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason, field: 'logo' } },
      });
    }
    expect(readFileSync(file).equals(before)).toBe(true);

    const good = pngFile(join(t.dataDir, 'stemma.png'));
    const ok = await t.desk.api.printers.save({ printer: printer('x', a.uri, { logo: good, width: 58 }) });
    expect(ok.ok && ok.value.printers[0]).toMatchObject({ logo: good, width: 58 });
  });

  it('validates the model, QR and line speed the form sends as the configuration does, file untouched', async () => {
    t = createTestDesk({ config: { deskName: 'Sportello 6' } });
    const file = t.platform.paths.userConfigFile;
    const before = readFileSync(file);
    for (const [over, path] of [
      [{ model: 'epson-tm-t1000' }, 'printer.model'],
      [{ model: 'star-tsp650ii' }, 'printer.model'],
      [{ qr: 'vector' }, 'printer.qr'],
      [{ baud: 9600 }, 'printer.baud'],
    ] as const) {
      const r = await t.desk.api.printers.save({ printer: printer('x', a.uri, over) });
      expect(r, JSON.stringify(over)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason: 'SCHEMA', issues: [{ path }] } },
      });
    }
    expect(readFileSync(file).equals(before)).toBe(true);
    const ok = await t.desk.api.printers.save({
      printer: printer('x', a.uri, { model: 'epson-tm-t88v', qr: 'raster' }),
    });
    expect(ok.ok && ok.value.printers[0]).toMatchObject({ model: 'epson-tm-t88v', qr: 'raster' });
    expect(readJson(file)['printers']).toMatchObject({ list: [{ model: 'epson-tm-t88v', qr: 'raster' }] });
  });
});
