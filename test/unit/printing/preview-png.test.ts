import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { blank, toPng } from '../../../native/printer/bitmap';

/** A pattern that differs on every row and column, so a shifted or padded bit would show. */
function pattern(width: number, height: number) {
  const bm = blank(width, height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) bm.dots[y * width + x] = (x * 3 + y * 5) % 7 < 3 ? 1 : 0;
  return bm;
}

describe('the preview PNG (1-bit greyscale, read back by decoders we did not write)', () => {
  for (const [w, h] of [
    [13, 5],
    [384, 40],
    [577, 3],
  ] as const) {
    it(`${w}×${h}: pngjs reads every dot back, black where the printer prints`, () => {
      const bm = pattern(w, h);
      const back = PNG.sync.read(toPng(bm));
      expect([back.width, back.height]).toEqual([w, h]);
      const wrong = [...bm.dots].filter((dot, i) => (back.data[i * 4] === 0 ? 1 : 0) !== dot).length;
      expect(wrong).toBe(0);
    });
  }

  it('is 1-bit greyscale with valid CRCs, and a flipped byte is caught by the decoder', () => {
    const png = toPng(pattern(64, 8));
    const read = PNG.sync.read(png, { checkCRC: true }) as PNG & { depth: number; color: boolean };
    expect([read.depth, read.color]).toEqual([1, false]);
    const corrupt = Buffer.from(png);
    corrupt[corrupt.length - 20]! ^= 0xff;
    expect(() => PNG.sync.read(corrupt, { checkCRC: true })).toThrow();
  });
});
