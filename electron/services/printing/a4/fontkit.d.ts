// fontkit 2 ships no types; the A4 notice asks a font which glyph it has for a character, and its test
// compares a font read from WOFF with the same font unwrapped (a4/woff.ts).
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** Every character the font maps to this glyph. */
    readonly codePoints: readonly number[];
    readonly advanceWidth: number;
    readonly path: { toSVG(): string };
  }
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string): { readonly glyphs: readonly Glyph[] };
    getGlyph(id: number): Glyph;
    readonly numGlyphs: number;
    readonly postscriptName: string;
    readonly unitsPerEm: number;
  }
  export function create(buffer: Buffer): Font;
}
