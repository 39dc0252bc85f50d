// The shell build (electron/tsconfig.shell.json) reaches this file through main/ and needs the declaration.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./fontkit.d.ts" />
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';
import type PDFKit from 'pdfkit';
import { woffToSfnt } from './woff';

/**
 * The notice's typefaces, embedded (subset) in every PDF: Titillium Web (the specification's font, OFL, from
 * @fontsource/titillium-web), Roboto Mono for codes (the specification's font for numbers), and DejaVu Sans
 * (dejavu-fonts-ttf) as the fallback for any character Titillium lacks: Latin Extended beyond Titillium's
 * subset, Greek, Cyrillic, Armenian, Georgian, Hebrew, Arabic. A character no embedded font has is drawn
 * from the fallback's .notdef box and reported, never replaced by another letter.
 */
export type FontStyle = 'regular' | 'semibold' | 'bold' | 'mono' | 'monoBold';

const require = createRequire(import.meta.url);
const fontsource = (pkg: string, file: string): string => require.resolve(`@fontsource/${pkg}/files/${file}`);
const dejavu = (file: string): string => require.resolve(`dejavu-fonts-ttf/ttf/${file}`);

const titillium = (w: number) => [
  fontsource('titillium-web', `titillium-web-latin-${w}-normal.woff`),
  fontsource('titillium-web', `titillium-web-latin-ext-${w}-normal.woff`),
];
const mono = (w: number) => [
  fontsource('roboto-mono', `roboto-mono-latin-${w}-normal.woff`),
  fontsource('roboto-mono', `roboto-mono-latin-ext-${w}-normal.woff`),
];

/** Per style, the fonts tried in order for each character; the last one is the fallback. */
const CHAINS: Record<FontStyle, string[]> = {
  regular: [...titillium(400), dejavu('DejaVuSans.ttf')],
  semibold: [...titillium(600), dejavu('DejaVuSans-Bold.ttf')],
  bold: [...titillium(700), dejavu('DejaVuSans-Bold.ttf')],
  mono: [...mono(400), dejavu('DejaVuSansMono.ttf')],
  monoBold: [...mono(700), dejavu('DejaVuSansMono-Bold.ttf')],
};

interface Loaded {
  readonly name: string;
  /** Plain OpenType bytes, for pdfkit. */
  readonly data: Buffer;
  /** Parsed once, for the glyph checks only. */
  readonly font: Font;
}
let loaded: Map<FontStyle, Loaded[]> | null = null;

function chains(): Map<FontStyle, Loaded[]> {
  if (!loaded) {
    loaded = new Map();
    for (const [style, files] of Object.entries(CHAINS) as [FontStyle, string[]][]) {
      loaded.set(
        style,
        files.map((f, i) => {
          const data = woffToSfnt(readFileSync(f));
          return { name: `${style}-${i}`, data, font: create(data) };
        }),
      );
    }
  }
  return loaded;
}

/**
 * Registers every font of every chain with the document (pdfkit embeds only those actually used). The font
 * files are read and unwrapped from WOFF once per process (woff.ts: fontkit inflated a WOFF table again at
 * each read, most of a notice's render time); each document still parses its own fontkit object from the
 * plain OpenType bytes, which is cheap. The parsed object is not shared: fontkit caches each glyph with the
 * character that first asked for it, and pdfkit writes that character into the PDF's text layer. Shared, a
 * glyph two characters map to (Titillium's Ş and Ș) would come out as whichever an earlier document, or the
 * glyph checks below, asked first.
 */
export function registerFonts(pdf: PDFKit.PDFDocument): void {
  for (const chain of chains().values()) for (const f of chain) pdf.registerFont(f.name, f.data);
}

/**
 * Whether a font draws this very character. A font may substitute another letter's glyph when it lays text
 * out (Titillium Web replaces Turkish Ş, cedilla, with Romanian Ș, comma below, through its own
 * substitution rules, which pdfkit applies): the character is drawn only by a font whose layout keeps the
 * glyph its character map names. Answers are cached per font.
 */
const drawn = new WeakMap<Loaded, Map<number, boolean>>();
function draws(f: Loaded, cp: number): boolean {
  let known = drawn.get(f);
  if (!known) drawn.set(f, (known = new Map()));
  let yes = known.get(cp);
  if (yes === undefined) {
    yes = false;
    if (f.font.hasGlyphForCodePoint(cp)) {
      const own = f.font.glyphForCodePoint(cp).id;
      const laid = f.font.layout(String.fromCodePoint(cp)).glyphs;
      yes = laid.length === 1 && laid[0]!.id === own;
    }
    known.set(cp, yes);
  }
  return yes;
}

export interface Run {
  readonly font: string;
  readonly text: string;
}

/** Characters with no glyph in any font of the chain: the caller reports them (test, log), never hides them. */
export function missingGlyphs(text: string, style: FontStyle): string[] {
  const chain = chains().get(style)!;
  return [...new Set([...text])].filter(
    (ch) => !/\s/.test(ch) && !chain.some((f) => draws(f, ch.codePointAt(0)!)),
  );
}

/**
 * Splits a text into runs, each in the first font of the chain that has all its characters. Spaces stay in
 * the current run so that line breaking sees words, not font changes.
 */
export function runs(text: string, style: FontStyle): Run[] {
  const chain = chains().get(style)!;
  const out: { font: string; text: string }[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    const last = out[out.length - 1];
    let font: string;
    if (/\s/.test(ch) && last) font = last.font;
    else font = (chain.find((f) => draws(f, cp)) ?? chain[chain.length - 1]!).name;
    if (last && last.font === font) last.text += ch;
    else out.push({ font, text: ch });
  }
  return out;
}
