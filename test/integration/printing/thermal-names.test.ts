import { describe, expect, it } from 'vitest';
import { composeNotice } from '../../../core/notice';
import { encodeBlocks, layoutNotices, normalizeForCp858, type PrinterProfile } from '../../../native/printer';
import { GLYPHS } from '../../../native/printer/preview/font-10x20';
import { decodeEscPos } from '../../support/escpos/decoder';
import { positionFixture } from '../../support/printing/positions';

/** The same names as the A4 test: on the slip they follow the documented CP858 transliteration. */
const NAMES: [string, string][] = [
  ['Zoë Łukasiewicz-Dvořák', 'Zoë ?ukasiewicz-Dvorák'],
  ['Şerban Ţiriac-Ștefănescu', 'Serban Tiriac-Stefanescu'],
  ['Nguyễn Thị Minh Khai', 'Nguyen Thi Minh Khai'],
  ['Αλέξανδρος Παπαδόπουλος', '?????????? ????????????'],
  ['Олена Шевченко', '????? ????????'],
  ['Ærøskøbing Åse Þórðardóttir', 'Ærøskøbing Åse Þórðardóttir'],
];

describe('any name on the thermal slip: CP858 as documented, and the preview shows what prints', () => {
  const profile: PrinterProfile = { family: 'epson', width: 80, qr: 'raster' };
  it.each(NAMES)('%s prints as %s', (name, printed) => {
    expect(normalizeForCp858(name)).toBe(printed);
    const position = positionFixture({ debtor: { fiscalCode: 'RSSMRA85T10A562S', kind: 'F', name } });
    const r = composeNotice({ position, optionIds: ['opt-single'] });
    if (!r.ok) throw new Error(r.reason);
    const blocks = layoutNotices([r.value], profile);
    // The printer's bytes, decoded from CP858 by our decoder: the name as transliterated.
    const d = decodeEscPos(encodeBlocks(blocks, profile), 'epson');
    expect(d.lines.map((l) => l.text.trim())).toContain(printed);
    // The preview draws the same blocks' text with its own font: every character must have a glyph there, or
    // the screen would show a blank where the paper shows a letter.
    for (const b of blocks)
      if (b.kind === 'text') for (const ch of b.text) expect(GLYPHS[ch], ch).toBeDefined();
  });
});
