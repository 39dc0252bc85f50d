import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedObject } from '../gcc';
import { tempDir } from '../temp';

/**
 * A real PC/SC stack for tests: pcscd with the vsmartcard virtual reader driver (vpcd), which OpenSC's PKCS#11
 * module talks to exactly as it talks to a USB reader. vpcd shows two readers ("<name> 00 00", "<name> 00 01")
 * that wait for a virtual card on a TCP port; none is connected here, so both readers are empty.
 *
 * pcscd 1.9 always serves /run/pcscd/pcscd.comm, so there can be only one: the tests start their own and skip
 * (with the reason) where they cannot: not root, a pcscd already running, or a package missing.
 */
export const OPENSC_MODULE = '/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so';
const PCSCD = '/usr/sbin/pcscd';
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';
const SOCKET = '/run/pcscd/pcscd.comm';
export const READER_NAME = 'Sportello Test Reader';
const NODELAY_SOURCE = fileURLToPath(new URL('./vpcd-nodelay.c', import.meta.url));

/** Why a private pcscd cannot run here, or null when it can. */
export async function pcscUnavailable(): Promise<string | null> {
  for (const [file, pkg] of [
    [PCSCD, 'pcscd'],
    [VPCD_DRIVER, 'vsmartcard-vpcd'],
    [OPENSC_MODULE, 'opensc-pkcs11'],
  ] as const)
    if (!existsSync(file)) return `${file} missing (Debian package ${pkg})`;
  if (process.getuid?.() !== 0) return 'pcscd needs root for /run/pcscd';
  if (await accepts(SOCKET)) return `a pcscd already serves ${SOCKET}`;
  return null;
}

export class Pcscd {
  private proc: ChildProcess | null = null;
  private readonly dir = tempDir('sportello-pcscd-');
  private port = 0;

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** The TCP port where reader 0 or 1 waits for a virtual card (known once started). */
  readerPort(reader: 0 | 1): number {
    if (!this.port) throw new Error('pcscd not started');
    return this.port + reader;
  }

  /** Starts pcscd and resolves once its socket accepts connections. */
  async start(): Promise<void> {
    if (!this.port) this.port = await freePortPair();
    const conf = join(this.dir.path, 'reader.conf.d');
    mkdirSync(conf, { recursive: true });
    const channel = `0x${this.port.toString(16).toUpperCase()}`;
    writeFileSync(
      join(conf, 'vpcd'),
      `FRIENDLYNAME "${READER_NAME}"\nDEVICENAME /dev/null:${channel}\nLIBPATH ${VPCD_DRIVER}\nCHANNELID ${channel}\n`,
    );
    // vpcd's card socket without Nagle: see vpcd-nodelay.c (otherwise ~43 ms per APDU on loopback).
    const preload = sharedObject(NODELAY_SOURCE, 'vpcd-nodelay');
    this.proc = spawn(PCSCD, ['--foreground', '--config', conf], {
      stdio: 'ignore',
      env: { ...process.env, LD_PRELOAD: preload },
    });
    const end = Date.now() + 10_000;
    while (!(await accepts(SOCKET))) {
      if (Date.now() > end) throw new Error('pcscd did not open its socket within 10 s');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** The middleware's service going away under the desk, as when IT restarts it. */
  async stop(): Promise<void> {
    const p = this.proc;
    this.proc = null;
    if (!p || p.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  }

  async dispose(): Promise<void> {
    await this.stop();
    this.dir.remove();
  }
}

function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(path);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** vpcd listens on the configured port and the next one (one per reader). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 20; i++) {
    const p = await freePort();
    if (p < 65535 && (await isFree(p + 1))) return p;
  }
  throw new Error('no two consecutive free TCP ports');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, () => s.close(() => resolve(true)));
  });
}
