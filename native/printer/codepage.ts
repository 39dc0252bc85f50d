/**
 * Code page 858 (850 with € at 0xD5): the one code page the desk prints with (`PC858_EURO`, ESC t 19 on
 * Epson and Custom, ESC GS t 4 on Star). Upper half, bytes 0x80–0xFF in order.
 */
export const CP858_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜø£Ø×ƒáíóúñÑªº¿®¬½¼¡«»░▒▓│┤ÁÂÀ©╣║╗╝¢¥┐└┴┬├─┼ãÃ╚╔╩╦╠═╬¤ðÐÊËÈ€ÍÎÏ┘┌█▄¦Ì▀ÓßÔÒõÕµþÞÚÛÙýÝ¯´\u00ad±‗¾¶§÷¸°¨·¹³²■\u00a0';

const ENCODE = new Map<string, number>();
for (let i = 0x20; i < 0x7f; i++) ENCODE.set(String.fromCharCode(i), i);
[...CP858_HIGH].forEach((ch, i) => ENCODE.set(ch, 0x80 + i));

/** Characters a notice may contain that CP858 lacks, spelled with what it has. */
const SPELLED: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201A': "'",
  '\u2032': "'",
  '\u201C': '"',
  '\u201D': '"',
  '\u201E': '"',
  '\u00AB': '"',
  '\u00BB': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2026': '...',
  '\u00A0': ' ',
  '\u202F': ' ',
  '\u2009': ' ',
  '\u00AD': '',
  '\t': ' ',
};

/** Visible stand-in for a character the printer cannot print: a silent code-page switch would garble the rest. */
export const REPLACEMENT = '?';

/**
 * Text as the printer will print it: typographic punctuation spelled in ASCII, letters CP858 lacks reduced to
 * their base letter when that one exists (ł → l is not, ő → o is), anything else a visible "?". After this
 * every character encodes in CP858, so node-thermal-printer never switches code page behind our back.
 */
export function normalizeForCp858(text: string): string {
  let out = '';
  for (const raw of text.normalize('NFC').replace(/\r?\n/g, ' ')) {
    const spelled = SPELLED[raw];
    if (spelled !== undefined || ENCODE.has(raw)) {
      out += spelled ?? raw;
      continue;
    }
    const ch = raw;
    const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const composed = ch.normalize('NFC');
    out += ENCODE.has(composed) ? composed : base.length === 1 && ENCODE.has(base) ? base : REPLACEMENT;
  }
  return out;
}

/** Byte for a normalised character (callers normalise first). */
export function cp858Byte(ch: string): number {
  return ENCODE.get(ch) ?? 0x3f;
}

export function encodeCp858(text: string): Uint8Array {
  return Uint8Array.from([...normalizeForCp858(text)].map(cp858Byte));
}

export function decodeCp858(bytes: Iterable<number>): string {
  let s = '';
  for (const b of bytes) s += b >= 0x80 ? (CP858_HIGH[b - 0x80] ?? '?') : String.fromCharCode(b);
  return s;
}
