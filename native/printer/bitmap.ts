import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';
import { crc32, deflateSync } from 'node:zlib';
import { PNG } from 'pngjs';

/** A 1-bit image, one byte per dot (1 = black), row-major. */
export interface Bitmap {
  readonly width: number;
  readonly height: number;
  readonly dots: Uint8Array;
}

export function blank(width: number, height: number): Bitmap {
  return { width, height, dots: new Uint8Array(width * height) };
}

/** Draws a module matrix scaled up, with a quiet zone of `quiet` modules all round. */
function fromModules(
  size: number,
  at: (x: number, y: number) => boolean,
  scale: number,
  quiet: number,
): Bitmap {
  const side = (size + 2 * quiet) * scale;
  const bm = blank(side, side);
  for (let y = 0; y < size; y++)
    for (let x = 0; x < size; x++) {
      if (!at(x, y)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const row = ((y + quiet) * scale + dy) * side + (x + quiet) * scale;
        bm.dots.fill(1, row, row + scale);
      }
    }
  return bm;
}

/** The pagoPA QR as the spec fixes it: version 4 (33×33), ECC M, 4-module quiet zone. */
export function qrBitmap(payload: string, moduleDots: number): Bitmap {
  const qr = QRCode.create(payload, { version: 4, errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return fromModules(n, (x, y) => qr.modules.get(y, x) === 1, moduleDots, 4);
}

/** ECC 200 Data Matrix via bwip-js (no printer has a Data Matrix command); 2-module quiet zone. */
export function dataMatrixBitmap(payload: string, moduleDots: number): Bitmap {
  const [sym] = bwipjs.raw({ bcid: 'datamatrix', text: payload }) as {
    pixs: number[];
    pixx: number;
    pixy: number;
  }[];
  if (!sym) throw new Error('bwip-js returned no Data Matrix');
  return fromModules(sym.pixx, (x, y) => sym.pixs[y * sym.pixx + x] === 1, moduleDots, 2);
}

/**
 * Code128 bar/space widths (in modules, starting with a bar) for a digit string. bwip-js chooses code set C
 * for an all-digit even-length string: start C + digit pairs + check + stop.
 */
export function code128Widths(digits: string): number[] {
  const [sym] = bwipjs.raw({ bcid: 'code128', text: digits }) as { sbs: number[] }[];
  if (!sym) throw new Error('bwip-js returned no Code128');
  return sym.sbs;
}

export function code128Bitmap(digits: string, moduleDots: number, height: number): Bitmap {
  const widths = code128Widths(digits);
  const quiet = 10 * moduleDots;
  const width = widths.reduce((a, b) => a + b, 0) * moduleDots + 2 * quiet;
  const bm = blank(width, height);
  let x = quiet;
  widths.forEach((w, i) => {
    if (i % 2 === 0)
      for (let y = 0; y < height; y++) bm.dots.fill(1, y * width + x, y * width + x + w * moduleDots);
    x += w * moduleDots;
  });
  return bm;
}

/** Pads on the left so the image sits centred on paper `paperDots` wide, and on the right to a multiple of 8. */
export function centreOn(bm: Bitmap, paperDots: number): Bitmap {
  const left = Math.max(0, Math.floor((paperDots - bm.width) / 2));
  const width = Math.ceil((left + bm.width) / 8) * 8;
  const out = blank(width, bm.height);
  for (let y = 0; y < bm.height; y++)
    out.dots.set(bm.dots.subarray(y * bm.width, (y + 1) * bm.width), y * width + left);
  return out;
}

/**
 * A logo (PNG) to 1 bit: scaled to fit `maxWidth` (nearest neighbour, never up), luminance with alpha over
 * white, Floyd–Steinberg error diffusion so greys stay greys on a printer that only knows black.
 */
export function ditherPng(png: Buffer, maxWidth: number, maxHeight = 160): Bitmap {
  const img = PNG.sync.read(png);
  const k = Math.min(1, maxWidth / img.width, maxHeight / img.height);
  const w = Math.max(1, Math.floor(img.width * k));
  const h = Math.max(1, Math.floor(img.height * k));
  const lum = new Float32Array(w * h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor(x / k));
      const sy = Math.min(img.height - 1, Math.floor(y / k));
      const i = (sy * img.width + sx) * 4;
      const a = (img.data[i + 3] ?? 255) / 255;
      const l =
        0.2126 * (img.data[i] ?? 0) + 0.7152 * (img.data[i + 1] ?? 0) + 0.0722 * (img.data[i + 2] ?? 0);
      lum[y * w + x] = l * a + 255 * (1 - a);
    }
  const bm = blank(w, h);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const old = lum[i] ?? 255;
      const v = old < 128 ? 0 : 255;
      bm.dots[i] = v === 0 ? 1 : 0;
      const err = old - v;
      if (x + 1 < w) lum[i + 1]! += (err * 7) / 16;
      if (y + 1 < h) {
        if (x > 0) lum[i + w - 1]! += (err * 3) / 16;
        lum[i + w]! += (err * 5) / 16;
        if (x + 1 < w) lum[i + w + 1]! += err / 16;
      }
    }
  return bm;
}

/** Packs rows MSB-first, `ceil(width/8)` bytes per row: the layout of `GS v 0` and Star raster data. */
export function packRows(bm: Bitmap): Buffer {
  const stride = Math.ceil(bm.width / 8);
  const out = Buffer.alloc(stride * bm.height);
  for (let y = 0; y < bm.height; y++)
    for (let x = 0; x < bm.width; x++)
      if (bm.dots[y * bm.width + x]) out[y * stride + (x >> 3)]! |= 0x80 >> (x & 7);
  return out;
}

/**
 * The slip as a 1-bit greyscale PNG, rows unfiltered. pngjs writes 8-bit only and chooses a filter per row in
 * JavaScript: for a three-notice slip (576 × 4,719 dots) that took 45–70 ms of the 70 ms a preview took, and made
 * a 50 KB image; this takes about 8 ms and makes 23 KB, which the page also decodes sooner. Compression and CRC
 * are zlib's; only the chunk framing of the PNG specification (§5.3, §11.2.2) is written here.
 */
export function toPng(bm: Bitmap): Buffer {
  const stride = Math.ceil(bm.width / 8);
  const raw = Buffer.alloc((stride + 1) * bm.height);
  for (let y = 0; y < bm.height; y++) {
    const row = y * (stride + 1) + 1; // byte 0 of each row: filter type 0 (none)
    const base = y * bm.width;
    for (let x = 0; x < bm.width; x++) if (!bm.dots[base + x]) raw[row + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(bm.width, 0);
  header.writeUInt32BE(bm.height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale (1 = white, as in the printer's paper)
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function pngChunk(type: string, data: Buffer): Buffer {
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(8 + typed.length);
  out.writeUInt32BE(data.length, 0);
  typed.copy(out, 4);
  out.writeUInt32BE(crc32(typed), 4 + typed.length);
  return out;
}
