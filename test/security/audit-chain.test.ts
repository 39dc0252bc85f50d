import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../electron/cli/run';
import { ANCHOR_FILE } from '../../electron/services/audit/audit-chain';
import { createDesk } from '../../electron/services/desk';
import { DB_FILE } from '../../electron/services/desk';
import { createTestDesk, testPlatform, type TestDesk } from '../support/desk';

/** The attacker's tool and our oracle: the sqlite3 command-line shell, not our code. */
function sqlite(dataDir: string, sql: string): string {
  const r = spawnSync('sqlite3', [join(dataDir, DB_FILE)], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

async function cli(dataDir: string, ...argv: string[]) {
  const out: string[] = [];
  const env = { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' };
  const code = await runCli(argv, { out: (l) => out.push(l), err: () => undefined, env });
  return { code, out: out.join('\n') };
}

async function verify(dataDir: string): Promise<{ ok: boolean; reason: string | null }> {
  const r = await cli(dataDir, 'audit', 'verify', '--json');
  return JSON.parse(r.out) as { ok: boolean; reason: string | null };
}

async function doctorAudit(dataDir: string): Promise<{ status: string; detail: string }> {
  const r = await cli(dataDir, 'doctor', '--json');
  const checks = (JSON.parse(r.out) as { checks: { id: string; status: string; detail: string }[] }).checks;
  return checks.find((c) => c.id === 'audit')!;
}

/** A desk that served three citizens and was closed. */
async function usedDesk(): Promise<TestDesk> {
  const t = createTestDesk();
  for (const code of ['RSSMRA80A01H501U', 'MRNGPP60A01F839N', 'VRDLGU75C41F205E']) {
    const r = await t.desk.api.identity.fromFiscalCode({ code });
    expect(r.ok).toBe(true);
    await t.desk.api.identity.clear();
  }
  await t.desk.close();
  return t;
}

/** The plain SHA-256 chain recomputed from the first row, as an attacker with the source code can. */
const RECOMPUTE_SHA = (
  rows: { id: number; at: string; actor: string; action: string; subject: string | null; details: string }[],
) => {
  let prev = '0'.repeat(64);
  return rows.map((r) => {
    const hash = createHash('sha256')
      .update([prev, r.at, r.actor, r.action, r.subject ?? '', r.details].join('\u001f'))
      .digest('hex');
    const out = `UPDATE audit_log SET prev_hash='${prev}', hash='${hash}' WHERE id=${r.id};`;
    prev = hash;
    return out;
  });
};

function rowsOf(dataDir: string) {
  return JSON.parse(
    sqlite(dataDir, '.mode json\nSELECT id, at, actor, action, subject, details FROM audit_log ORDER BY id;'),
  ) as {
    id: number;
    at: string;
    actor: string;
    action: string;
    subject: string | null;
    details: string;
  }[];
}

describe('the audit log against someone who can write the database file', () => {
  it('verifies an untouched log, in the CLI, the doctor and the desk status', async () => {
    const t = await usedDesk();
    expect(await verify(t.dataDir)).toMatchObject({ ok: true, reason: null });
    expect((await doctorAudit(t.dataDir)).status).toBe('ok');
    expect(statSync(join(t.dataDir, ANCHOR_FILE)).mode & 0o777).toBe(0o600);
    const again = createDesk({ platform: testPlatform(t.dataDir) });
    expect(again.services.status.get().audit).toEqual({ state: 'ok', problem: null });
    await again.close();
    await t.dispose();
  });

  const attacks: [string, (dir: string) => void, string][] = [
    [
      'deleting the last rows',
      (d) =>
        sqlite(
          d,
          'DELETE FROM audit_chain WHERE id > (SELECT max(id) - 2 FROM audit_log); DELETE FROM audit_log WHERE id > (SELECT max(id) - 2 FROM audit_log);',
        ),
      'TRUNCATED',
    ],
    ['deleting every row', (d) => sqlite(d, 'DELETE FROM audit_chain; DELETE FROM audit_log;'), 'TRUNCATED'],
    [
      'editing a row and recomputing the SHA-256 chain',
      (d) => {
        const rows = rowsOf(d).map((r) =>
          r.subject === 'MRNGPP60A01F839N' ? { ...r, subject: 'XXXXXX00X00X000X' } : r,
        );
        sqlite(
          d,
          [
            'DROP TRIGGER audit_log_no_update;',
            "UPDATE audit_log SET subject='XXXXXX00X00X000X' WHERE subject='MRNGPP60A01F839N';",
            ...RECOMPUTE_SHA(rows),
          ].join('\n'),
        );
      },
      'MAC_MISMATCH',
    ],
    [
      'editing the last row and its MAC',
      (d) =>
        sqlite(
          d,
          "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_chain_no_update; UPDATE audit_log SET action='identify.clear' WHERE id=(SELECT max(id) FROM audit_log); UPDATE audit_chain SET mac=lower(hex(randomblob(32))) WHERE id=(SELECT max(id) FROM audit_chain);",
        ),
      'ANCHOR_MISMATCH',
    ],
    [
      'deleting a row in the middle',
      (d) => sqlite(d, 'DELETE FROM audit_log WHERE id = 3;'),
      'SHA_CHAIN|ROW_MISSING',
    ],
    ['removing the anchor file', (d) => rmSync(join(d, ANCHOR_FILE)), 'ANCHOR_MISSING'],
  ];

  it.each(attacks)('detects %s: CLI, doctor and the desk at start', async (_name, attack, reason) => {
    const t = await usedDesk();
    attack(t.dataDir);
    const verdict = await verify(t.dataDir);
    expect(verdict.ok).toBe(false);
    expect(verdict.reason).toMatch(new RegExp(`^(${reason})$`));
    const doctor = await doctorAudit(t.dataDir);
    expect(doctor.status).toBe('fail');
    expect(doctor.detail).toContain('ALTERATO');
    const again = createDesk({ platform: testPlatform(t.dataDir) });
    expect(again.services.status.get().audit).toMatchObject({ state: 'broken' });
    await again.close();
    await t.dispose();
  });

  it('covers a column another migration adds later: old rows still verify, an edit of the new column does not', async () => {
    const t = await usedDesk();
    sqlite(t.dataDir, 'ALTER TABLE audit_log ADD COLUMN later_note TEXT;');
    expect(await verify(t.dataDir)).toMatchObject({ ok: true });
    const d = createDesk({ platform: testPlatform(t.dataDir) });
    await d.api.identity.fromFiscalCode({ code: 'RSSMRA80A01H501U' });
    await d.close();
    expect(await verify(t.dataDir)).toMatchObject({ ok: true });
    sqlite(
      t.dataDir,
      "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET later_note = 'mario' WHERE id = 2;",
    );
    expect(await verify(t.dataDir)).toMatchObject({ ok: false, reason: 'MAC_MISMATCH' });
    await t.dispose();
  });

  it('refuses to replace a lost key: the desk records nothing and says so', async () => {
    const t = await usedDesk();
    rmSync(join(t.dataDir, 'secrets.json'));
    const d = createDesk({ platform: testPlatform(t.dataDir) });
    expect(d.services.status.get().audit).toEqual({ state: 'unavailable', problem: 'KEY_MISSING' });
    const r = await d.api.identity.fromFiscalCode({ code: 'RSSMRA80A01H501U' });
    expect(r).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
    expect((await d.api.identity.current()).ok && (await d.api.identity.current())).toMatchObject({
      value: null,
    });
    await d.close();
    expect(existsSync(join(t.dataDir, 'secrets.json'))).toBe(false);
    await t.dispose();
  });
});

describe('audit first, then act', () => {
  it('with the disk full, identification answers DISK_FULL and changes nobody, twice in a row; then works again', async () => {
    const t = createTestDesk();
    const db = t.desk.services.db;
    // SQLite's own "database or disk is full": no page beyond those already used may be added.
    const pages = db.pragma('page_count', { simple: true }) as number;
    db.pragma(`max_page_count = ${pages + 2}`);
    // Serve citizens until the log's pages are full: the act that cannot be recorded is the one refused.
    let failed: { code: string; error: unknown } | null = null;
    let before: unknown = null;
    for (let i = 0; i < 10_000 && !failed; i++) {
      const code = i % 2 === 0 ? 'RSSMRA80A01H501U' : 'MRNGPP60A01F839N';
      before = (await t.desk.api.identity.current()).ok ? await t.desk.api.identity.current() : null;
      const r = await t.desk.api.identity.fromFiscalCode({ code });
      if (!r.ok) failed = { code, error: r.error };
    }
    expect(failed?.error).toMatchObject({ code: 'DISK_FULL' });
    expect(await t.desk.api.identity.current()).toEqual(before);
    // Again, with the other citizen: still refused, still nobody changed.
    const other = failed!.code === 'RSSMRA80A01H501U' ? 'MRNGPP60A01F839N' : 'RSSMRA80A01H501U';
    expect(await t.desk.api.identity.fromFiscalCode({ code: other })).toMatchObject({
      ok: false,
      error: { code: 'DISK_FULL' },
    });
    expect(await t.desk.api.identity.current()).toEqual(before);
    // Space is back: the desk works, and the log still verifies.
    db.pragma('max_page_count = 1073741823');
    expect((await t.desk.api.identity.fromFiscalCode({ code: other })).ok).toBe(true);
    expect(t.desk.services.audit.verify()).toMatchObject({ brokenAt: null });
    await t.dispose();
  });
});
