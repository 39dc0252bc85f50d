import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { composeNotice } from '../../../core/notice';
import { missingGlyphs, runs } from '../../../electron/services/printing/a4/fonts';
import { renderA4Pdf } from '../../../electron/services/printing/a4-pdf';
import { inspectPdf } from '../../support/pdf/inspect';
import { positionFixture } from '../../support/printing/positions';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-a4-names-');
afterAll(() => dir.remove());

/** Names a municipal register holds: residents from every corner of Europe and beyond. */
const NAMES = [
  'Zoë Łukasiewicz-Dvořák', // Polish, Czech
  'Şerban Ţiriac-Ștefănescu', // Romanian (cedilla and comma below)
  'Ğülşen Iğdır Yılmaz', // Turkish dotless i
  'Nguyễn Thị Minh Khai', // Vietnamese
  'Αλέξανδρος Παπαδόπουλος', // Greek
  'Олена Шевченко-Ковальчук', // Cyrillic (Ukrainian)
  'Ærøskøbing Åse Þórðardóttir', // Danish, Icelandic
  'Miloš Đorđević Šćepanović', // Serbian/Croatian Latin
];

async function pdfFor(name: string, tag: string, logo: Buffer | null = null) {
  const position = positionFixture({ debtor: { fiscalCode: 'RSSMRA85T10A562S', kind: 'F', name } });
  const r = composeNotice({ position, optionIds: ['opt-single'] });
  if (!r.ok) throw new Error(r.reason);
  return inspectPdf(await renderA4Pdf([r.value], { logoFor: () => logo }), dir.path, tag);
}

describe('any name on the A4 notice (issue 20)', () => {
  it('draws Turkish Ş (cedilla) from the fallback: Titillium Web would lay it out as Romanian Ș (comma below)', () => {
    expect(runs('Ştefan', 'regular').map((r) => r.font)).toEqual(['regular-2', 'regular-0']);
    expect(runs('Ștefan', 'regular').map((r) => r.font)).toEqual(['regular-1', 'regular-0']);
  });

  it('prints "Zoë Łukasiewicz-Dvořák" exactly, where WinAnsi Helvetica garbled it', async () => {
    const pdf = await pdfFor('Zoë Łukasiewicz-Dvořák', 'zoe');
    expect(pdf.text).toContain('Zoë Łukasiewicz-Dvořák');
    expect(pdf.text).not.toContain('V¶6');
  });

  it.each(NAMES.map((n, i) => [n, i]))(
    'prints %s as written, every font embedded',
    async (name, i) => {
      expect(missingGlyphs(name, 'regular')).toEqual([]);
      const pdf = await pdfFor(name as string, `name-${i}`);
      // Recipient block and the payment band's Destinatario: the name comes out twice, whole.
      expect(pdf.text.split(name as string).length - 1).toBeGreaterThanOrEqual(2);
      expect(pdf.text).not.toContain('\uFFFD');
      for (const line of pdf.fonts.split('\n').slice(2).filter(Boolean))
        expect(line.split(/\s+/).slice(-5, -4)[0], line).toBe('yes');
    },
    30_000,
  );

  it('names outside Latin come from the embedded fallback (DejaVu Sans), Latin from Titillium Web', async () => {
    const pdf = await pdfFor('Αλέξανδρος Παπαδόπουλος', 'fallback');
    expect(pdf.fonts).toMatch(/DejaVuSans/);
    expect(pdf.fonts).toMatch(/TitilliumWeb/);
  });

  it('reports the characters no embedded font has, instead of drawing another letter', () => {
    expect(missingGlyphs('山田太郎', 'regular')).toEqual(['山', '田', '太', '郎']);
    expect(missingGlyphs('Zoë Łukasiewicz', 'bold')).toEqual([]);
  });

  it('puts the creditor logo from the configuration in the header, and prints without a broken one', async () => {
    const png = new PNG({ width: 60, height: 60 });
    png.data.fill(0x80);
    const withLogo = await pdfFor('Mario Rossi', 'logo', PNG.sync.write(png));
    const images = execFileSync('pdfimages', ['-list', join(dir.path, 'logo.pdf')], { encoding: 'utf8' });
    // One picture (pdfimages lists a PNG's alpha channel as a separate smask).
    expect(
      images
        .split('\n')
        .slice(2)
        .filter((l) => l.trim().split(/\s+/)[2] === 'image'),
    ).toHaveLength(1);
    expect(withLogo.text).toContain('Mario Rossi');
    const none = execFileSync('pdfimages', ['-list', join(dir.path, 'zoe.pdf')], { encoding: 'utf8' });
    expect(none.split('\n').slice(2).filter(Boolean)).toHaveLength(0);
    const broken = await pdfFor('Mario Rossi', 'broken-logo', Buffer.from('not an image'));
    expect(broken.text).toContain('AVVISO DI PAGAMENTO');
  });
});
