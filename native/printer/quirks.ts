import type { Bitmap } from './bitmap';
import { packRows } from './bitmap';
import type { PrinterFamily } from './profile';

/**
 * Every workaround for node-thermal-printer 4.6.1's defects lives here, each small enough to propose upstream
 * as a patch to the matching `types/*.js` method. The library is used for what it does right (init, code page,
 * alignment, emphasis, text size, text encoding); these byte sequences replace the rest.
 */

const u8 = (...bytes: number[]): Buffer => Buffer.from(bytes);
const lohi = (n: number): [number, number] => [n & 0xff, (n >> 8) & 0xff];

/**
 * QR by the printer's own encoder. Epson/Custom: `GS ( k` model 2, module size, ECC M, store, print (the
 * library's printQR does this right for Epson; written here so that both families take one code path).
 * Star: the library never sends the data header `ESC GS y D 1 0 nL nH`, defaults to model 1 and reads
 * `correctionLevel`: here model 2, ECC M, cell size, data with header, print.
 */
export function nativeQr(family: PrinterFamily, payload: string, moduleDots: number): Buffer {
  const data = Buffer.from(payload, 'ascii');
  if (family === 'star') {
    return Buffer.concat([
      u8(0x1b, 0x1d, 0x79, 0x53, 0x30, 0x02),
      u8(0x1b, 0x1d, 0x79, 0x53, 0x31, 0x01),
      u8(0x1b, 0x1d, 0x79, 0x53, 0x32, Math.min(8, moduleDots)),
      u8(0x1b, 0x1d, 0x79, 0x44, 0x31, 0x00, ...lohi(data.length)),
      data,
      u8(0x1b, 0x1d, 0x79, 0x50),
    ]);
  }
  // pL/pH count bytes (payload + 3), not characters: the library's printQR counts characters.
  return Buffer.concat([
    u8(0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00),
    u8(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, moduleDots)),
    u8(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31),
    u8(0x1d, 0x28, 0x6b, ...lohi(data.length + 3), 0x31, 0x50, 0x30),
    data,
    u8(0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30),
  ]);
}

/**
 * Code128 in code set C on Epson/Custom (`GS k 73`): the library always uses set B, which makes an 18-digit
 * NAV 233 modules (466 dots at width 2) instead of 134 (268 dots). Data: `{C` then one byte per digit pair.
 * No human-readable line (`GS H 0`): the NAV is printed above in large digits.
 */
export function code128SetC(digits: string, moduleDots: number, height: number): Buffer {
  if (!/^(\d\d)+$/.test(digits)) throw new RangeError('code set C needs an even number of digits');
  const pairs = digits.match(/\d\d/g)!.map(Number);
  return Buffer.concat([
    u8(0x1d, 0x48, 0x00),
    u8(0x1d, 0x77, moduleDots),
    u8(0x1d, 0x68, height),
    u8(0x1d, 0x6b, 0x49, pairs.length + 2, 0x7b, 0x43, ...pairs),
  ]);
}

/**
 * Raster image. The caller's bitmap is already a multiple of 8 dots wide (Custom printers shear otherwise).
 * Epson/Custom: `GS v 0`. Star line mode: `ESC GS S 1 xL xH yL yH 0` (the library's Star printImage sends
 * rows where its ESC k expects columns). Images are sent in bands of at most 256 rows, a size every
 * printer's receive buffer takes.
 */
export function raster(family: PrinterFamily, bm: Bitmap): Buffer {
  if (bm.width % 8 !== 0) throw new RangeError('raster width must be a multiple of 8');
  const stride = bm.width / 8;
  const packed = packRows(bm);
  const parts: Buffer[] = [];
  for (let y = 0; y < bm.height; y += 256) {
    const rows = Math.min(256, bm.height - y);
    const band = packed.subarray(y * stride, (y + rows) * stride);
    parts.push(
      family === 'star'
        ? u8(0x1b, 0x1d, 0x53, 0x01, ...lohi(stride), ...lohi(rows), 0x00)
        : u8(0x1d, 0x76, 0x30, 0x00, ...lohi(stride), ...lohi(rows)),
      band,
    );
  }
  return Buffer.concat(parts);
}

/**
 * Feed by dots. Epson/Custom `ESC J n` (n dots); Star line mode `ESC J n` feeds n/4 mm = 2n dots at 203 dpi.
 * Returns the dots actually fed, which the preview uses.
 */
export function feed(family: PrinterFamily, dots: number): { bytes: Buffer; dots: number } {
  if (dots <= 0) return { bytes: Buffer.alloc(0), dots: 0 };
  const n = family === 'star' ? Math.max(1, Math.round(dots / 2)) : Math.min(255, dots);
  return { bytes: u8(0x1b, 0x4a, n), dots: family === 'star' ? 2 * n : n };
}

/**
 * Cut with no paper wasted: the library's cut() feeds two vertical tabs (8 lines) first. Epson/Custom
 * `GS V 66 0` feeds just to the cutter, then cuts; Star `ESC d 2` likewise.
 */
export function cut(family: PrinterFamily): Buffer {
  return family === 'star' ? u8(0x1b, 0x64, 0x02) : u8(0x1d, 0x56, 0x42, 0x00);
}

/** Line pitch: set explicitly so the preview knows it (`ESC 3 30`; Star `ESC z 1` = 1/6 inch). */
export function lineSpacing(family: PrinterFamily): Buffer {
  return family === 'star' ? u8(0x1b, 0x7a, 0x01) : u8(0x1b, 0x33, 30);
}
