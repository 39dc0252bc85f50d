import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../electron/services/demo/dataset';
import { createDesk, type Desk } from '../../electron/services/desk';
import { ANCHOR_FILE } from '../../electron/services/audit/audit-chain';
import { startCaptureServer, type CaptureServer } from '../support/escpos/capture-server';
import { testPlatform } from '../support/desk';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = join(ROOT, 'test', 'security', 'support', 'print-fault-child.ts');

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

function sqlite(dataDir: string, sql: string): string[][] {
  return execFileSync('sqlite3', ['-readonly', '-separator', '|', join(dataDir, 'sportello.sqlite'), sql], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('|'));
}

/** A desk with a capture printer ("banco"), Mario identified and his payable options cached. */
async function deskWithPrinter(): Promise<{
  desk: Desk;
  dataDir: string;
  server: CaptureServer;
  options: string[];
}> {
  const server = await startCaptureServer();
  const dir = tempDir('sportello-audit-first-');
  const platform = testPlatform(dir.path, {
    printers: { list: [{ id: 'banco', name: 'Banco', family: 'epson', width: 80, interface: server.uri }] },
  });
  const desk = createDesk({ platform });
  cleanup.push(
    () => dir.remove(),
    () => server.close(),
    () => desk.close(),
  );
  desk.services.positions.upkeep();
  expect((await desk.api.identity.fromFiscalCode({ code: DEMO_CITIZENS.mario.fiscalCode })).ok).toBe(true);
  const list = await desk.api.positions.list({ fiscalCode: DEMO_CITIZENS.mario.fiscalCode });
  if (!list.ok) throw new Error('positions');
  const options = list.value.positions.flatMap((p) => p.options.filter((o) => o.payable).map((o) => o.id));
  expect(options.length).toBeGreaterThanOrEqual(2);
  return { desk, dataDir: dir.path, server, options };
}

/** The anchor file swapped for a directory: every audit row is refused (AUDIT_UNAVAILABLE) until it is back. */
function breakAnchor(dataDir: string): () => void {
  const file = join(dataDir, ANCHOR_FILE);
  renameSync(file, `${file}.away`);
  mkdirSync(file);
  return () => {
    rmdirSync(file);
    renameSync(`${file}.away`, file);
  };
}

const jobStates = (dataDir: string) =>
  sqlite(dataDir, "SELECT id, kind, state, coalesce(last_error_code, '') FROM print_jobs ORDER BY id");

describe('print acts: audit first, then act', () => {
  it('with the audit unavailable nothing reaches the printer, the preview or the PDF, twice; then it prints again', async () => {
    const { desk, dataDir, server, options } = await deskWithPrinter();
    const first = await desk.api.notices.print({
      optionIds: [options[0]!],
      printerId: 'banco',
      reprint: false,
      idempotency: randomUUID(),
    });
    expect(first).toMatchObject({ ok: true, value: { state: 'sent' } });
    expect(server.jobs).toHaveLength(1);

    const restore = breakAnchor(dataDir);
    for (const optionId of options.slice(0, 2)) {
      // The first option is a reprint, the second a first print: both refused before any byte leaves.
      const reprint = optionId === options[0];
      const print = await desk.api.notices.print({
        optionIds: [optionId],
        printerId: 'banco',
        reprint,
        idempotency: randomUUID(),
      });
      expect(print).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
      const preview = await desk.api.notices.print({
        optionIds: [optionId],
        printerId: 'preview',
        reprint,
        idempotency: randomUUID(),
      });
      expect(preview).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
      expect(await desk.api.printers.test({ printerId: 'banco' })).toMatchObject({
        ok: false,
        error: { code: 'AUDIT_UNAVAILABLE' },
      });
      expect(await desk.api.notices.pdf({ optionIds: [optionId] })).toMatchObject({
        ok: false,
        error: { code: 'AUDIT_UNAVAILABLE' },
      });
    }
    expect(server.jobs).toHaveLength(1);
    const previews = join(dataDir, 'print-preview');
    expect(existsSync(previews) ? readdirSync(previews) : []).toEqual([]);
    // The journal, read by the sqlite3 shell: the one sent job, and six refused ones failed with the reason.
    const states = jobStates(dataDir);
    expect(states.filter((r) => r[2] === 'sent')).toHaveLength(1);
    expect(states.filter((r) => r[2] === 'failed').map((r) => r[3])).toEqual(
      Array<string>(6).fill('AUDIT_UNAVAILABLE'),
    );

    restore();
    const again = await desk.api.notices.print({
      optionIds: [options[1]!],
      printerId: 'banco',
      reprint: false,
      idempotency: randomUUID(),
    });
    expect(again).toMatchObject({ ok: true, value: { state: 'sent' } });
    expect(server.jobs).toHaveLength(2);
    // Each act's row precedes its outcome: attempt, then sent.
    const rows = sqlite(
      dataDir,
      "SELECT action, json_extract(details, '$.jobId') FROM audit_log WHERE action IN ('print.attempt', 'print.sent') ORDER BY id",
    );
    const id = String((again.ok && again.value.id) || 0);
    expect(rows.filter((r) => r[1] === id).map((r) => r[0])).toEqual(['print.attempt', 'print.sent']);
  });
});

/** Runs the child in a private mount namespace (mounts vanish with it), without blocking the capture printer. */
function inNamespace(script: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      'unshare',
      ['-m', 'sh', '-ec', script],
      { cwd: ROOT, encoding: 'utf8' },
      (err, stdout, stderr) =>
        err ? reject(new Error(`namespace script failed: ${stderr}`)) : resolve(stdout),
    ),
  );
}

describe('print acts on a full or read-only disk', () => {
  it('DISK_FULL, then DB_READ_ONLY: nothing printed, drawn or exported; prints again once the disk is back', async () => {
    const { desk, dataDir, server, options } = await deskWithPrinter();
    await desk.close();
    const anchor = join(dataDir, ANCHOR_FILE);
    const mount = tempDir('sportello-anchor-full-');
    cleanup.push(() => mount.remove());
    const child = `"${process.execPath}" --import tsx "${CHILD}" "${dataDir}" "${options[0]}"`;
    const stdout = await inNamespace(
      [
        // The audit anchor on a real 1 MiB tmpfs, filled to the last block.
        `mount -t tmpfs -o size=1m tmpfs "${mount.path}"`,
        `cp "${anchor}" "${mount.path}/anchor"`,
        `dd if=/dev/zero of="${mount.path}/filler" bs=4k 2>/dev/null || true`,
        // tmpfs gives whole pages: blank lines (skipped by the reader) take the anchor page's slack too.
        `while printf "\\n" >> "${mount.path}/anchor"; do :; done 2>/dev/null || true`,
        `mount --bind "${mount.path}/anchor" "${anchor}"`,
        child,
        child,
        // The same file read-only.
        `umount "${anchor}"`,
        `mount --bind "${anchor}" "${anchor}"`,
        `mount -o remount,ro,bind "${anchor}"`,
        child,
        child,
        `umount "${anchor}"`,
        child,
      ].join('\n'),
    );
    const runs = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(runs).toHaveLength(5);
    const refused = (code: string) => ({
      print: { ok: false, error: { code } },
      preview: { ok: false, error: { code } },
      test: { ok: false, error: { code } },
      pdf: { ok: false, error: { code } },
      previews: [],
    });
    expect(runs[0]).toMatchObject(refused('DISK_FULL'));
    expect(runs[1]).toMatchObject(refused('DISK_FULL'));
    expect(runs[2]).toMatchObject(refused('DB_READ_ONLY'));
    expect(runs[3]).toMatchObject(refused('DB_READ_ONLY'));
    // Nothing reached the printer while the log could not be written; everything once it could.
    expect(runs[4]).toMatchObject({
      print: { ok: true, value: { state: 'sent' } },
      preview: { ok: true, value: { state: 'sent' } },
      test: { ok: true, value: { state: 'sent' } },
      pdf: { ok: true },
    });
    expect(server.jobs).toHaveLength(2);
  });
});
