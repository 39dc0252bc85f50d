import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { printersSection } from '../../../electron/services/config/sections/printers';
import { composeNotices } from '../../../electron/services/printing/compose-notices';
import { decodeEscPos } from '../../support/escpos/decoder';
import { scanZxing } from '../../support/escpos/scan';
import { EC_FISCAL_CODE, positionFixture } from '../../support/printing/positions';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-postal-');
afterAll(() => dir.remove());

/** The `printers` JSON example of docs/printing.md, as an administrator would copy it. */
function docsExample(): unknown {
  const md = readFileSync(join(import.meta.dirname, '../../../docs/printing.md'), 'utf8');
  const block = /```json\n(\{\n {2}"printers"[\s\S]*?)```/.exec(md);
  if (!block) throw new Error('no printers example in docs/printing.md');
  return (JSON.parse(block[1]!) as { printers: unknown }).printers;
}

describe('printers.postal: the forms real authorisations take (issue 20)', () => {
  it("the docs' example passes the configuration and prints its creditor's notices with the postal slip", () => {
    const printers = printersSection.parse(docsExample());
    const entry = printers.postal[0]!;
    expect(entry.authorisation).toMatch(/^AUT\. /);
    // Regression: the docs' "AUT/2025/123456" was accepted at load, then refused every notice (NOTICE_POSTAL).
    const position = positionFixture({
      creditor: { ...positionFixture().creditor, fiscalCode: EC_FISCAL_CODE },
    });
    const docs = composeNotices([position], ['opt-single'], [{ ...entry, ecFiscalCode: EC_FISCAL_CODE }]);
    expect(docs[0]!.payments[0]!.postal?.authorisation).toBe(entry.authorisation);
  });

  it('refuses an authorisation with no number at load, with a reason, and the same on a second file', () => {
    for (const authorisation of ['AUT. DB/SISB/E', 'AUT. <b>1</b>']) {
      const r = printersSection.safeParse({
        postal: [{ ecFiscalCode: EC_FISCAL_CODE, postalAccount: '1234567', authorisation }],
      });
      expect(r.success).toBe(false);
      expect(JSON.stringify(r.error?.issues)).toContain('AUTHORISATION_');
    }
  });
});

describe('sportello print honours printers.postal (one composer for desk and CLI)', () => {
  const positionsFile = join(dir.path, 'positions.json');
  writeFileSync(positionsFile, JSON.stringify([positionFixture()]));
  writeFileSync(
    join(dir.path, 'config.json'),
    JSON.stringify({
      printers: {
        postal: [
          { ecFiscalCode: EC_FISCAL_CODE, postalAccount: '1234567', authorisation: 'AUT/2025/123456' },
        ],
      },
    }),
  );
  const env = { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' };
  const cli = (args: string[]) => runCli(args, { out: () => undefined, err: () => undefined, env });
  const nav = positionFixture().options[0]!.nav;

  it('--out carries the postal slip and its Data Matrix, --pdf the bollettino', async () => {
    const bin = join(dir.path, 'n.bin');
    const pdf = join(dir.path, 'n.pdf');
    expect(await cli(['print', '--nav', nav, '--positions', positionsFile, '--out', bin])).toBe(0);
    expect(await cli(['print', '--nav', nav, '--positions', positionsFile, '--pdf', pdf])).toBe(0);
    const d = decodeEscPos(readFileSync(bin), 'epson');
    expect(d.text).toContain('AUT. 2025/123456');
    const dm = d.images.map((i) => scanZxing(i.bitmap, 'DATA_MATRIX')).filter(Boolean);
    expect(dm).toHaveLength(1);
    expect(dm[0]).toContain(nav);
    const text = execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('BOLLETTINO POSTALE PA');
    expect(text).toContain('AUT. 2025/123456');
  });
});
