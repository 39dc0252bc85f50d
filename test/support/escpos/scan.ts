import {
  BinaryBitmap,
  Code128Reader,
  DataMatrixReader,
  DecodeHintType,
  HybridBinarizer,
  RGBLuminanceSource,
} from '@zxing/library';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { Bitmap } from '../../../native/printer/bitmap';

/** RGBA for jsQR, with a white margin (a reader needs the quiet zone to be white paper, not the canvas edge). */
function rgba(bm: Bitmap, margin = 16): { data: Uint8ClampedArray; width: number; height: number } {
  const width = bm.width + 2 * margin;
  const height = bm.height + 2 * margin;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < bm.height; y++)
    for (let x = 0; x < bm.width; x++)
      if (bm.dots[y * bm.width + x]) {
        const i = ((y + margin) * width + x + margin) * 4;
        data[i] = data[i + 1] = data[i + 2] = 0;
      }
  return { data, width, height };
}

/** Reads a QR code from printed dots with jsQR. Null when it does not scan. */
export function scanQr(bm: Bitmap): { data: string; version: number } | null {
  const { data, width, height } = rgba(bm);
  const r = jsQR(data, width, height, { inversionAttempts: 'dontInvert' });
  return r ? { data: r.data, version: r.version } : null;
}

/** Reads a Data Matrix or Code128 from printed dots with ZXing. Null when it does not scan. */
export function scanZxing(bm: Bitmap, format: 'DATA_MATRIX' | 'CODE_128'): string | null {
  const margin = 16;
  const width = bm.width + 2 * margin;
  const height = bm.height + 2 * margin;
  const lum = new Uint8ClampedArray(width * height).fill(255);
  for (let y = 0; y < bm.height; y++)
    for (let x = 0; x < bm.width; x++)
      if (bm.dots[y * bm.width + x]) lum[(y + margin) * width + x + margin] = 0;
  // One reader per symbology: a multi-format reader would also answer with the QR codes next to them.
  const reader = format === 'DATA_MATRIX' ? new DataMatrixReader() : new Code128Reader();
  const hints = new Map<DecodeHintType, unknown>([[DecodeHintType.TRY_HARDER, true]]);
  try {
    return reader
      .decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, width, height))), hints)
      .getText();
  } catch {
    return null;
  }
}

/** A PNG (the preview) back to dots: dark pixels are black dots. */
export function pngToBitmap(png: Buffer): Bitmap {
  const img = PNG.sync.read(png);
  const dots = new Uint8Array(img.width * img.height);
  for (let i = 0; i < dots.length; i++) dots[i] = (img.data[i * 4] ?? 255) < 128 ? 1 : 0;
  return { width: img.width, height: img.height, dots };
}

/** A region of a bitmap. */
export function crop(bm: Bitmap, x: number, y: number, w: number, h: number): Bitmap {
  const dots = new Uint8Array(w * h);
  for (let r = 0; r < h; r++)
    dots.set(bm.dots.subarray((y + r) * bm.width + x, (y + r) * bm.width + x + w), r * w);
  return { width: w, height: h, dots };
}
