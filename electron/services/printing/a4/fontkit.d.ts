// fontkit 2 ships no types; the A4 notice only asks a font which glyph it has for a character.
declare module 'fontkit' {
  export interface Glyph {
    readonly id: number;
    /** Every character the font maps to this glyph. */
    readonly codePoints: readonly number[];
  }
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
    glyphForCodePoint(codePoint: number): Glyph;
    layout(text: string): { readonly glyphs: readonly Glyph[] };
  }
  export function create(buffer: Buffer): Font;
}
