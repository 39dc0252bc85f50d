import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { ANCHOR_FILE } from '../../../electron/services/audit/audit-chain';
import { positionFixture } from '../../support/printing/positions';
import { tempDir } from '../../support/temp';

/**
 * `sportello print` is an act on a citizen's debt like a print at the desk: audited first, in the desk's keyed
 * log, and refused (nothing sent, nothing written) when the row cannot be written. Read back with the sqlite3
 * CLI and `sportello audit verify`.
 */
const dir = tempDir('sportello-cli-print-audit-');
afterAll(() => dir.remove());
const positionsFile = join(dir.path, 'positions.json');
writeFileSync(positionsFile, JSON.stringify([positionFixture()]));
const nav = positionFixture().options[0]!.nav;
const debtor = positionFixture().debtor.fiscalCode;

async function cli(args: string[]): Promise<{ code: number; err: string[] }> {
  const err: string[] = [];
  const code = await runCli(args, {
    out: () => undefined,
    err: (l: string) => err.push(l),
    env: { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' },
  });
  return { code, err };
}

const rows = () =>
  execFileSync(
    'sqlite3',
    [
      '-readonly',
      '-separator',
      '|',
      join(dir.path, 'sportello.sqlite'),
      "SELECT actor, subject, json_extract(details, '$.nav'), json_extract(details, '$.to') FROM audit_log WHERE action = 'print.cli' ORDER BY id",
    ],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n')
    .filter(Boolean);

describe('sportello print, audited', () => {
  it('writes its row before the notice, names the debtor and the destination, and the chain still verifies', async () => {
    const out = join(dir.path, 'a.bin');
    expect((await cli(['print', '--nav', nav, '--positions', positionsFile, '--out', out])).code).toBe(0);
    expect(
      (await cli(['print', '--nav', nav, '--positions', positionsFile, '--preview', `${out}.png`])).code,
    ).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(rows()).toEqual([`cli|${debtor}|${nav}|out`, `cli|${debtor}|${nav}|preview`]);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('with the audit log unwritable nothing is written, twice, with a sentence for IT staff; then it prints again', async () => {
    const anchor = join(dir.path, ANCHOR_FILE);
    renameSync(anchor, `${anchor}.away`);
    mkdirSync(anchor);
    try {
      for (const [flag, file] of [
        ['--out', 'refused.bin'],
        ['--pdf', 'refused.pdf'],
      ] as const) {
        const r = await cli([
          'print',
          '--nav',
          nav,
          '--positions',
          positionsFile,
          flag,
          join(dir.path, file),
        ]);
        expect(r.code).toBe(1);
        expect(existsSync(join(dir.path, file))).toBe(false);
        expect(r.err.join('\n')).toMatch(
          /registro delle operazioni non scrivibile, quindi nulla è stato fatto/,
        );
      }
    } finally {
      rmdirSync(anchor);
      renameSync(`${anchor}.away`, anchor);
    }
    const back = join(dir.path, 'b.bin');
    expect((await cli(['print', '--nav', nav, '--positions', positionsFile, '--out', back])).code).toBe(0);
    expect(existsSync(back)).toBe(true);
    expect(rows().at(-1)).toBe(`cli|${debtor}|${nav}|out`);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });
});
