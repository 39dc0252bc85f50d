import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create } from 'fontkit';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from '../../../electron/services/printing/a4/woff';

const require = createRequire(import.meta.url);
const woff = readFileSync(
  require.resolve('@fontsource/titillium-web/files/titillium-web-latin-ext-400-normal.woff'),
);

describe('WOFF unwrapped once for the A4 fonts (issue 20, render time)', () => {
  it('gives the same font fontkit reads from the WOFF: glyphs, names, metrics and layout', () => {
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).not.toBe(0x774f4646);
    const a = create(woff);
    const b = create(sfnt);
    expect(b.numGlyphs).toBe(a.numGlyphs);
    expect(b.postscriptName).toBe(a.postscriptName);
    expect(b.unitsPerEm).toBe(a.unitsPerEm);
    for (const text of ['Łukasiewicz-Dvořák', 'Ștefănescu', 'Şerban'])
      expect(b.layout(text).glyphs.map((g) => [g.id, g.advanceWidth])).toEqual(
        a.layout(text).glyphs.map((g) => [g.id, g.advanceWidth]),
      );
    // The outlines too: subsetting reads them.
    const g = a.glyphForCodePoint('Ł'.codePointAt(0)!);
    expect(b.getGlyph(g.id).path.toSVG()).toBe(g.path.toSVG());
  });

  it('leaves a plain TrueType file as it is', () => {
    const ttf = readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'));
    expect(woffToSfnt(ttf)).toBe(ttf);
  });

  it('refuses a WOFF whose table does not match its recorded length', () => {
    const bad = Buffer.from(woff);
    // First table's origLength, one byte longer than what its data inflates to.
    bad.writeUInt32BE(bad.readUInt32BE(44 + 12) + 1, 44 + 12);
    expect(() => woffToSfnt(bad)).toThrow();
  });
});
