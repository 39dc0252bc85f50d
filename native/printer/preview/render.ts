import { blank, code128Bitmap, toPng, type Bitmap } from '../bitmap';
import type { Block } from '../layout';
import { CELL_HEIGHT, CELL_WIDTH, LINE_PITCH, printableDots, type PrinterProfile } from '../profile';
import { feed } from '../quirks';
import { GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH } from './font-10x20';

const glyphCache = new Map<string, Uint16Array>();
function glyph(ch: string): Uint16Array | null {
  const cached = glyphCache.get(ch);
  if (cached) return cached;
  const b64 = GLYPHS[ch] ?? GLYPHS['?'];
  if (!b64) return null;
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const rows = new Uint16Array(GLYPH_HEIGHT);
  for (let i = 0; i < GLYPH_HEIGHT; i++) rows[i] = (bytes[2 * i] ?? 0) | ((bytes[2 * i + 1] ?? 0) << 8);
  glyphCache.set(ch, rows);
  return rows;
}

type Op = (canvas: Bitmap) => void;

function blit(canvas: Bitmap, bm: Bitmap, x0: number, y0: number): void {
  for (let y = 0; y < bm.height; y++)
    for (let x = 0; x < bm.width; x++) {
      const cx = x0 + x;
      if (cx < 0 || cx >= canvas.width || !bm.dots[y * bm.width + x]) continue;
      canvas.dots[(y0 + y) * canvas.width + cx] = 1;
    }
}

function drawText(
  canvas: Bitmap,
  text: string,
  x0: number,
  y0: number,
  sx: number,
  sy: number,
  bold: boolean,
): void {
  const ox = Math.floor((CELL_WIDTH - GLYPH_WIDTH) / 2);
  const oy = Math.floor((CELL_HEIGHT - GLYPH_HEIGHT) / 2);
  [...text].forEach((ch, i) => {
    const rows = glyph(ch);
    if (!rows) return;
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      const row = rows[gy] ?? 0;
      if (row === 0) continue;
      for (let gx = 0; gx < GLYPH_WIDTH + (bold ? 1 : 0); gx++) {
        const on = ((row >> (15 - gx)) & 1) === 1 || (bold && gx > 0 && ((row >> (16 - gx)) & 1) === 1);
        if (!on) continue;
        for (let dy = 0; dy < sy; dy++)
          for (let dx = 0; dx < sx; dx++) {
            const x = x0 + (i * CELL_WIDTH + ox + gx) * sx + dx;
            const y = y0 + (oy + gy) * sy + dy;
            if (x < canvas.width) canvas.dots[y * canvas.width + x] = 1;
          }
      }
    }
  });
}

/**
 * The slip at 203 dpi, one pixel per printer dot, from the same blocks the encoder sends: text in the 12×24
 * font-A cell (glyph shapes are the preview font's, positions are the printer's), images and codes dot for
 * dot, paper advance as the printer computes it. A cut is shown as a dotted line.
 */
export function renderBlocks(blocks: readonly Block[], profile: PrinterProfile): Bitmap {
  const width = printableDots(profile);
  const pitch = LINE_PITCH[profile.family];
  const ops: Op[] = [];
  let y = 0;
  for (const b of blocks) {
    const top = y;
    switch (b.kind) {
      case 'text': {
        const sx = b.size === 'big' ? 2 : 1;
        const sy = b.size === 'normal' ? 1 : 2;
        const textWidth = b.text.length * CELL_WIDTH * sx;
        const x =
          b.align === 'center'
            ? Math.floor((width - textWidth) / 2)
            : b.align === 'right'
              ? width - textWidth
              : 0;
        ops.push((c) => drawText(c, b.text, Math.max(0, x), top, sx, sy, b.bold));
        y += Math.max(pitch, CELL_HEIGHT * sy);
        break;
      }
      case 'rule':
        ops.push((c) => c.dots.fill(1, (top + 11) * width, (top + 13) * width));
        y += pitch;
        break;
      case 'feed':
        y += feed(profile.family, b.dots).dots;
        break;
      case 'image':
        ops.push((c) => blit(c, b.bitmap, 0, top));
        y += b.bitmap.height;
        break;
      case 'native-qr':
        ops.push((c) => blit(c, b.preview, 0, top));
        y += b.preview.height + pitch;
        break;
      case 'barcode': {
        const bm = code128Bitmap(b.digits, b.moduleDots, b.height);
        // Drawn without the quiet zone the bitmap carries, centred as the printer centres the symbol.
        const symbolWidth = b.modules * b.moduleDots;
        const x = Math.floor((width - symbolWidth) / 2) - 10 * b.moduleDots;
        ops.push((c) => blit(c, bm, x, top));
        y += b.height;
        break;
      }
      case 'cut':
        ops.push((c) => {
          for (let x = 0; x < width; x += 8) c.dots.fill(1, (top + 8) * width + x, (top + 8) * width + x + 4);
        });
        y += 16;
        break;
    }
  }
  const canvas = blank(width, y);
  for (const op of ops) op(canvas);
  return canvas;
}

export function renderPreviewPng(blocks: readonly Block[], profile: PrinterProfile): Buffer {
  return toPng(renderBlocks(blocks, profile));
}
