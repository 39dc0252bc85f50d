import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { printersSection } from '../../../electron/services/config/sections/printers';
import { EC_FISCAL_CODE, positionFixture } from '../../support/printing/positions';
import { tempDir } from '../../support/temp';

/**
 * printers.secondLanguageEnglish, as an administrator sets it: the creditors it lists get the guidelines'
 * "Avviso con seconda lingua" (Italian with English), the others stay Italian; a creditor in both language
 * lists is refused where the configuration is loaded. Read back with pdftotext.
 */
const dir = tempDir('sportello-second-language-');
afterAll(() => dir.remove());
const other = '80000000002';
const mine = positionFixture();
const theirs = positionFixture({ creditor: { ...mine.creditor, fiscalCode: other } });
const positionsFile = join(dir.path, 'positions.json');
writeFileSync(positionsFile, JSON.stringify([mine]));
writeFileSync(
  join(dir.path, 'config.json'),
  JSON.stringify({ printers: { secondLanguageEnglish: [EC_FISCAL_CODE] } }),
);
const env = { ...process.env, SPORTELLO_DATA_DIR: dir.path, SPORTELLO_ADMIN_CONFIG: '' };
const cli = (args: string[]) => runCli(args, { out: () => undefined, err: () => undefined, env });
const text = (pdf: string) =>
  execFileSync('pdftotext', ['-raw', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

describe('the second-language notice (Italian with English)', () => {
  it('is printed for the creditor listed, twice in a row, and not for a creditor left out', async () => {
    for (const n of [1, 2]) {
      const pdf = join(dir.path, `en-${n}.pdf`);
      expect(
        await cli(['print', '--nav', mine.options[0]!.nav, '--positions', positionsFile, '--pdf', pdf]),
      ).toBe(0);
      expect(text(pdf)).toContain('AVVISO DI PAGAMENTO / PAYMENT NOTICE');
      expect(text(pdf)).toContain('Scan the QR Code with your payment app');
    }
    writeFileSync(positionsFile, JSON.stringify([theirs]));
    const pdf = join(dir.path, 'it.pdf');
    expect(
      await cli(['print', '--nav', theirs.options[0]!.nav, '--positions', positionsFile, '--pdf', pdf]),
    ).toBe(0);
    expect(text(pdf)).toContain('AVVISO DI PAGAMENTO');
    expect(text(pdf)).not.toContain('PAYMENT NOTICE');
  });

  it('refuses a creditor listed for both German and English, naming the key', () => {
    const r = printersSection.safeParse({ bilingualGerman: [other], secondLanguageEnglish: [other] });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['secondLanguageEnglish']);
    expect(r.error?.issues[0]?.message).toMatch(/una sola seconda lingua/);
    expect(
      printersSection.safeParse({ bilingualGerman: [other], secondLanguageEnglish: [EC_FISCAL_CODE] })
        .success,
    ).toBe(true);
  });
});
