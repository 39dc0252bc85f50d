import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/**
 * A PDF read back with tools the desk did not write: poppler (pdftotext, pdftoppm, pdffonts), zbarimg for QR
 * codes, dmtxread (libdmtx) for Data Matrix, jsQR for where a QR sits on the page.
 */
/**
 * Page pictures at 200 dpi: a 25 mm QR's modules are then about 6 px. At 150 dpi (4.5 px, not a whole number)
 * zbarimg missed one code in ten on a page of twelve codes.
 */
export const DPI = 200;

export interface InspectedPdf {
  readonly text: string;
  /** Whitespace folded to single spaces, so sentences wrapped over lines compare whole. */
  readonly flat: string;
  readonly pages: readonly string[];
  /** Each page's text (pdftotext -raw), in page order. */
  readonly pageTexts: readonly string[];
  readonly fonts: string;
}

export function inspectPdf(pdf: Buffer, dir: string, name: string): InspectedPdf {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  // -raw: content-stream order, so a column's sentences stay whole next to the other column.
  const text = execFileSync('pdftotext', ['-raw', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  execFileSync('pdftoppm', ['-r', String(DPI), '-png', file, join(dir, name)]);
  const pages = readdirSync(dir)
    .filter((f) => f.startsWith(`${name}-`) && f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  const pageTexts = pages.map((_, i) =>
    execFileSync(
      'pdftotext',
      ['-raw', '-enc', 'UTF-8', '-f', String(i + 1), '-l', String(i + 1), file, '-'],
      {
        encoding: 'utf8',
      },
    ),
  );
  return { text, flat: text.replace(/\s+/g, ' '), pages, pageTexts, fonts };
}

/** Every QR on a page image, by zbarimg. */
export function zbarQr(png: string): string[] {
  try {
    const out = execFileSync('zbarimg', ['-q', '--raw', '-Sdisable', '-Sqrcode.enable', png], {
      encoding: 'utf8',
    });
    return out.split('\n').filter((l) => l.length > 0);
  } catch {
    return []; // zbarimg exits 4 when it finds nothing
  }
}

/**
 * Every Data Matrix on a page image, by dmtxread; stops once `expected` are found (without a count it
 * searches the whole page at every scale until its time limit).
 */
export function dmtx(png: string, expected: number): string[] {
  if (expected === 0) return [];
  try {
    const out = execFileSync('dmtxread', ['-n', '-N', String(expected), '-m', '60000', png], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out.split('\n').filter((l) => l.length > 0);
  } catch {
    return [];
  }
}

/**
 * The side of each QR on a page rendered at `dpi`, in millimetres (symbol only, quiet zone excluded), by
 * payload. jsQR reads one code per image, so a 40 mm window slides over the page in 10 mm steps: some window
 * holds each 25 mm code whole.
 */
export function qrSidesMm(png: string, dpi = DPI): Map<string, number> {
  const img = PNG.sync.read(readFileSync(png));
  const px = (mm: number) => Math.round((mm / 25.4) * dpi);
  const win = px(40);
  const step = px(10);
  const found = new Map<string, number>();
  for (let top = 0; top + win <= img.height; top += step)
    for (let left = 0; left + win <= img.width; left += step) {
      const data = new Uint8ClampedArray(win * win * 4);
      for (let y = 0; y < win; y++) {
        const from = ((top + y) * img.width + left) * 4;
        data.set(img.data.subarray(from, from + win * 4), y * win * 4);
      }
      const r = jsQR(data, win, win, { inversionAttempts: 'dontInvert' });
      if (!r || r.data === '' || found.has(r.data)) continue;
      const { topLeftCorner: a, topRightCorner: b } = r.location;
      found.set(r.data, (Math.hypot(b.x - a.x, b.y - a.y) / dpi) * 25.4);
    }
  return found;
}
