import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { DB_FILE } from '../../../electron/services/desk';
import { createTestDesk } from '../../support/desk';

async function cli(dataDir: string, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const env = { ...process.env, SPORTELLO_DATA_DIR: dataDir, SPORTELLO_ADMIN_CONFIG: '' };
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('audit log', () => {
  it('records identifications, verifies the chain, exports, and detects tampering', async () => {
    const t = createTestDesk();
    await t.desk.api.identity.fromFiscalCode({ code: 'RSSMRA80A01H501U' });
    await t.desk.api.identity.clear();
    await t.desk.close();

    const ok = await cli(t.dataDir, 'audit', 'verify', '--json');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, brokenAt: null });
    const rows = JSON.parse((await cli(t.dataDir, 'audit', 'export', '--json')).out) as {
      action: string;
      subject: string | null;
    }[];
    expect(rows.map((r) => [r.action, r.subject])).toEqual(
      expect.arrayContaining([
        ['identify.typed', 'RSSMRA80A01H501U'],
        ['identify.clear', null],
      ]),
    );

    const db = new Database(join(t.dataDir, DB_FILE));
    expect(() => db.prepare("UPDATE audit_log SET subject = 'X'").run()).toThrow(/append-only/);
    // Deleting a row is possible at the SQL level; the chain shows it.
    const first = db.prepare('SELECT min(id) AS id FROM audit_log').get() as { id: number };
    db.prepare('DELETE FROM audit_log WHERE id = ?').run(first.id);
    db.close();
    const broken = await cli(t.dataDir, 'audit', 'verify');
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('registro ALTERATO');
    await t.dispose();
  });

  it('refuses a bad --since and a missing action', async () => {
    const t = createTestDesk();
    expect((await cli(t.dataDir, 'audit')).code).toBe(2);
    const bad = await cli(t.dataDir, 'audit', 'export', '--since', 'ieri');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('data non valida');
    await t.dispose();
  });
});
