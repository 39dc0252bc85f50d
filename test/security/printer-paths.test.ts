import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  assertOpenedIsDevice,
  checkDevicePath,
  DeviceRefused,
  deviceNameAllowed,
} from '../../native/printer/device-path';
import { LOGO_MAX_BYTES } from '../../electron/services/printing/logo-file';
import { createTestDesk, type TestDesk } from '../support/desk';

const printer = (id: string, uri: string, over: Record<string, unknown> = {}) => ({
  id,
  name: `Banco ${id}`,
  family: 'epson' as const,
  width: 80 as const,
  interface: uri,
  timeoutMs: 2000,
  ...over,
});

const ORIGINAL = 'contenuto che non deve cambiare\n'.repeat(20);

let t: TestDesk | null = null;
afterEach(async () => {
  await t?.dispose();
  t = null;
});

describe('a printer interface must be a printer device', () => {
  it('knows the names of printer devices on Linux and Windows, and nothing else', () => {
    for (const ok of [
      '/dev/usb/lp0',
      '/dev/lp1',
      '/dev/ttyUSB0',
      '/dev/ttyACM2',
      '/dev/ttyS0',
      '/dev/serial/by-id/usb-Epson_TM-T20',
    ])
      expect(deviceNameAllowed(ok, 'linux'), ok).toBe(true);
    for (const bad of [
      '/tmp/x',
      '/dev/null',
      '/dev/zero',
      '/dev/sda',
      '/dev/usb/../../etc/passwd',
      '/home/u/.bashrc',
      '/dev/shm/f',
    ])
      expect(deviceNameAllowed(bad, 'linux'), bad).toBe(false);
    for (const ok of ['COM1', 'LPT1', '\\\\.\\COM10', '\\\\server\\Termica', '//server/Termica'])
      expect(deviceNameAllowed(ok, 'win32'), ok).toBe(true);
    for (const bad of ['C:\\Users\\x\\file.txt', 'C:/x', 'COM', '\\\\server\\share\\dir\\file'])
      expect(deviceNameAllowed(bad, 'win32'), bad).toBe(false);
  });

  it('refuses at save time a file, a directory, a FIFO or a symlink to one, and keeps the configuration', async () => {
    t = createTestDesk({ config: { deskName: 'Sportello 1' } });
    const dir = t.dataDir;
    const file = join(dir, 'victim.txt');
    writeFileSync(file, ORIGINAL);
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'folder'));
    symlinkSync(file, join(dir, 'link'));
    const before = readFileSync(t.platform.paths.userConfigFile, 'utf8');
    for (const path of [file, fifo, join(dir, 'folder'), join(dir, 'link'), '/dev/null', '/dev/zero']) {
      const r = await t.desk.api.printers.save({ printer: printer('banco', path) });
      expect(r, path).toMatchObject({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          details: { field: 'interface', reason: 'INTERFACE_NOT_A_DEVICE_NAME' },
        },
      });
    }
    expect(readFileSync(t.platform.paths.userConfigFile, 'utf8')).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
  });

  it('accepts an unplugged device by its name (the open-time check still stands)', async () => {
    await expect(checkDevicePath('/dev/usb/lp97', 'linux')).resolves.toBeUndefined();
  });

  it('checks the opened descriptor: a regular file is refused, a character device is not', async () => {
    const dir = createTestDesk();
    try {
      const f = join(dir.dataDir, 'f');
      writeFileSync(f, 'x');
      const h = await open(f, 'r');
      await expect(assertOpenedIsDevice(h, 'linux')).rejects.toBeInstanceOf(DeviceRefused);
      await h.close();
      const dev = await open('/dev/null', 'w');
      await expect(assertOpenedIsDevice(dev, 'linux')).resolves.toBeUndefined();
      await dev.close();
    } finally {
      await dir.dispose();
    }
  });

  it('never writes into a file or waits on a FIFO set as interface in the file, twice in a row', async () => {
    const probe = createTestDesk();
    const file = join(probe.dataDir, 'victim.txt');
    writeFileSync(file, ORIGINAL);
    const fifo = join(probe.dataDir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // The administrator's (or an attacker's) file is parsed, not probed: the open-time check is what stops it.
    for (const path of [file, fifo, file, fifo]) {
      const dir = createTestDesk({
        config: { printers: { list: [printer('banco', path)], default: 'banco' } } as never,
      });
      t = dir;
      const job = await dir.desk.api.printers.test({});
      expect(job.ok && job.value.state, path).toBe('failed');
      const status = await dir.desk.api.printers.status({});
      expect(status.ok && status.value).toMatchObject({
        state: 'unreachable',
        detail: 'non è un dispositivo di stampa',
      });
      await dir.dispose();
      t = null;
    }
    expect(readFileSync(file, 'utf8')).toBe(ORIGINAL);
    await probe.dispose();
  });
});

function png(width: number, height: number): Buffer {
  const img = new PNG({ width, height });
  img.data.fill(255);
  return PNG.sync.write(img);
}

describe('a printer logo is read off the main thread, a small regular PNG only', () => {
  it('refuses a FIFO, /dev/zero, a directory, an oversized file, a huge image, and a non-PNG', async () => {
    t = createTestDesk();
    const dir = t.dataDir;
    const fifo = join(dir, 'logo-fifo.png');
    execFileSync('mkfifo', [fifo]);
    const big = join(dir, 'big.png');
    writeFileSync(big, Buffer.concat([png(10, 10), Buffer.alloc(LOGO_MAX_BYTES)]));
    // A tiny file that declares a 20000 × 20000 image: refused before any decoder allocates it.
    const bomb = join(dir, 'bomb.png');
    const header = png(1, 1);
    header.writeUInt32BE(20000, 16);
    header.writeUInt32BE(20000, 20);
    writeFileSync(bomb, header);
    const text = join(dir, 'logo.txt');
    writeFileSync(text, 'not a png');
    const cases: [string, string][] = [
      [fifo, 'LOGO_NOT_A_FILE'],
      ['/dev/zero', 'LOGO_NOT_A_FILE'],
      [dir, 'LOGO_NOT_A_FILE'],
      [big, 'LOGO_TOO_LARGE'],
      [bomb, 'LOGO_TOO_LARGE'],
      [text, 'LOGO_NOT_PNG'],
      [fifo, 'LOGO_NOT_A_FILE'],
    ];
    for (const [logo, reason] of cases) {
      const r = await t.desk.api.printers.save({ printer: printer('x', 'tcp://127.0.0.1:9', { logo }) });
      expect(r, logo).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason, field: 'logo' } },
      });
    }
    const good = join(dir, 'good.png');
    writeFileSync(good, png(40, 20));
    const ok = await t.desk.api.printers.save({ printer: printer('x', 'tcp://127.0.0.1:9', { logo: good }) });
    expect(ok.ok).toBe(true);
  });
});
