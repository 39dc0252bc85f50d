import { describe, expect, it } from 'vitest';
import { Utf8Chunks } from '../../../electron/connectors/file/utf8-chunks';

const decodeIn = (bytes: Buffer, cuts: number[]): string => {
  const u = new Utf8Chunks();
  let out = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    out += u.decode(bytes.subarray(from, cut));
    from = cut;
  }
  return out + u.end();
};

describe('utf-8 chunks', () => {
  // Two-, three- and four-byte characters, and a BOM in the middle that must survive.
  const text = 'Comunità di Forlì;€ 12,50;𝄞 ok;\uFEFFmid\n';
  const bytes = Buffer.from(text, 'utf8');

  it('decodes the same text wherever the chunks are cut, one cut or two', () => {
    for (let a = 0; a <= bytes.length; a++) {
      expect(decodeIn(bytes, [a])).toBe(text);
      for (let b = a; b <= bytes.length; b += 3) expect(decodeIn(bytes, [a, b])).toBe(text);
    }
  });

  it('drops a BOM only at the start of the file, even when it arrives one byte at a time', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    expect(decodeIn(withBom, [1, 2, 3, 4])).toBe(text);
  });

  it('refuses bytes that are not UTF-8, and a character cut off by the end of the file', () => {
    const latin1 = Buffer.from('Comunit\xe0;x\n', 'latin1');
    expect(() => decodeIn(latin1, [])).toThrow(TypeError);
    const u = new Utf8Chunks();
    expect(u.decode(Buffer.from([0x61, 0xe2, 0x82]))).toBe('a');
    expect(() => u.end()).toThrow(TypeError);
  });
});
