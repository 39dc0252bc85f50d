import { decodeCp858 } from '../../../native/printer/codepage';
import type { Bitmap } from '../../../native/printer/bitmap';

/**
 * Turns the ESC/POS (Epson, Custom) or Star line-mode bytes the desk sends back into what a printer would do
 * with them: text lines in the selected code page, QR store commands with their parameters, Code128 with its
 * code set, raster images as pixels, feeds and cuts. Only the commands the desk emits are known; any other
 * byte sequence is reported in `unknown` so a test notices new output it cannot vouch for.
 */
export type Family = 'epson' | 'star' | 'custom';

export interface DecodedLine {
  readonly text: string;
  readonly align: 'left' | 'center' | 'right';
  readonly bold: boolean;
  readonly widthScale: number;
  readonly heightScale: number;
}
export interface DecodedQr {
  readonly model: number;
  readonly moduleSize: number;
  readonly ecc: 'L' | 'M' | 'Q' | 'H';
  readonly data: string;
  readonly printed: boolean;
}
export interface DecodedBarcode {
  readonly symbology: 'code128';
  readonly codeSet: 'A' | 'B' | 'C';
  /** Digits for set C, characters otherwise. */
  readonly data: string;
  readonly moduleDots: number;
  readonly height: number;
  readonly hri: boolean;
  /** Symbol width in dots: (11 × (symbols + start + check) + 13) × module. */
  readonly widthDots: number;
}
export interface DecodedImage {
  readonly command: 'GS v 0' | 'ESC GS S' | 'ESC *';
  readonly bitmap: Bitmap;
}
export interface Decoded {
  readonly lines: DecodedLine[];
  readonly text: string;
  readonly qrs: DecodedQr[];
  readonly barcodes: DecodedBarcode[];
  readonly images: DecodedImage[];
  cuts: number;
  readonly feeds: number[];
  readonly codePages: number[];
  inits: number;
  readonly unknown: { offset: number; bytes: number[] }[];
}

const ECC = ['L', 'M', 'Q', 'H'] as const;

function rasterBitmap(data: Uint8Array, stride: number, height: number): Bitmap {
  const width = stride * 8;
  const dots = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      dots[y * width + x] = ((data[y * stride + (x >> 3)] ?? 0) >> (7 - (x & 7))) & 1;
  return { width, height, dots };
}

/** `ESC * m nL nH`: column format, 8 dots (m 0/1) or 24 dots (m 32/33) per column, one band. */
function columnBitmap(data: Uint8Array, columns: number, rows: 8 | 24): Bitmap {
  const bytesPerColumn = rows / 8;
  const dots = new Uint8Array(columns * rows);
  for (let x = 0; x < columns; x++)
    for (let y = 0; y < rows; y++) {
      const byte = data[x * bytesPerColumn + (y >> 3)] ?? 0;
      dots[y * columns + x] = (byte >> (7 - (y & 7))) & 1;
    }
  return { width: columns, height: rows, dots };
}

export function decodeEscPos(input: Uint8Array, family: Family): Decoded {
  const b = input;
  const out: Decoded = {
    lines: [],
    text: '',
    qrs: [],
    barcodes: [],
    images: [],
    cuts: 0,
    feeds: [],
    codePages: [],
    inits: 0,
    unknown: [],
  };
  let codePage = 0;
  let align: DecodedLine['align'] = 'left';
  let bold = false;
  let ws = 1;
  let hs = 1;
  let line: number[] = [];
  const barcode = { module: 3, height: 162, hri: 0 };
  const qr = { model: 2, size: 3, ecc: 0, data: '' };
  const flush = () => {
    // Code page 19 (Epson/Custom) and 4 (Star) are CP858; anything else is shown as unreadable.
    const cp858 = family === 'star' ? codePage === 4 : codePage === 19;
    const text = cp858
      ? decodeCp858(line)
      : line.map((x) => (x < 0x80 ? String.fromCharCode(x) : '\uFFFD')).join('');
    out.lines.push({ text, align, bold, widthScale: ws, heightScale: hs });
    line = [];
  };
  const unknown = (i: number, n: number) => out.unknown.push({ offset: i, bytes: [...b.subarray(i, i + n)] });
  const u16 = (i: number) => (b[i] ?? 0) | ((b[i + 1] ?? 0) << 8);

  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    if (c === 0x0a) {
      flush();
      i++;
      continue;
    }
    if (c >= 0x20 && c !== 0x7f) {
      line.push(c);
      i++;
      continue;
    }
    if (c === 0x1b && family === 'star' && b[i + 1] === 0x1d) {
      const op = b[i + 2];
      if (op === 0x74) {
        codePage = b[i + 3] ?? 0;
        out.codePages.push(codePage);
        i += 4;
      } else if (op === 0x61) {
        align = (['left', 'center', 'right'] as const)[b[i + 3] ?? 0] ?? 'left';
        i += 4;
      } else if (op === 0x53) {
        const stride = u16(i + 4);
        const rows = u16(i + 6);
        const start = i + 9;
        out.images.push({
          command: 'ESC GS S',
          bitmap: rasterBitmap(b.subarray(start, start + stride * rows), stride, rows),
        });
        i = start + stride * rows;
      } else if (op === 0x79 && b[i + 3] === 0x53) {
        const which = b[i + 4];
        const n = b[i + 5] ?? 0;
        if (which === 0x30) qr.model = n;
        else if (which === 0x31) qr.ecc = n;
        else if (which === 0x32) qr.size = n;
        i += 6;
      } else if (op === 0x79 && b[i + 3] === 0x44) {
        const len = u16(i + 6);
        qr.data = Buffer.from(b.subarray(i + 8, i + 8 + len)).toString('latin1');
        out.qrs.push({
          model: qr.model,
          moduleSize: qr.size,
          ecc: ECC[qr.ecc] ?? 'L',
          data: qr.data,
          printed: false,
        });
        i += 8 + len;
      } else if (op === 0x79 && b[i + 3] === 0x50) {
        const last = out.qrs.at(-1);
        if (last) out.qrs[out.qrs.length - 1] = { ...last, printed: true };
        i += 4;
      } else {
        unknown(i, 4);
        i += 3;
      }
      continue;
    }
    if (c === 0x1b) {
      const op = b[i + 1];
      switch (op) {
        case 0x40:
          out.inits++;
          codePage = 0;
          align = 'left';
          bold = false;
          ws = hs = 1;
          i += 2;
          continue;
        case 0x74:
          codePage = b[i + 2] ?? 0;
          out.codePages.push(codePage);
          i += 3;
          continue;
        case 0x33:
          i += 3;
          continue;
        case 0x61:
          align = (['left', 'center', 'right'] as const)[(b[i + 2] ?? 0) % 48] ?? 'left';
          i += 3;
          continue;
        case 0x45:
          if (family === 'star') {
            bold = true;
            i += 2;
          } else {
            bold = ((b[i + 2] ?? 0) & 1) === 1;
            i += 3;
          }
          continue;
        case 0x46:
          if (family === 'star') {
            bold = false;
            i += 2;
            continue;
          }
          break;
        case 0x21: {
          const n = b[i + 2] ?? 0;
          hs = n & 0x10 ? 2 : 1;
          ws = n & 0x20 ? 2 : 1;
          bold = (n & 0x08) !== 0 || bold;
          i += 3;
          continue;
        }
        case 0x69:
          if (family === 'star') {
            hs = (b[i + 2] ?? 0) + 1;
            ws = (b[i + 3] ?? 0) + 1;
            i += 4;
          } else {
            out.cuts++;
            i += 2;
          }
          continue;
        case 0x7a:
          i += 3;
          continue;
        case 0x4a:
          out.feeds.push(family === 'star' ? 2 * (b[i + 2] ?? 0) : (b[i + 2] ?? 0));
          i += 3;
          continue;
        case 0x64: {
          const n = b[i + 2] ?? 0;
          if (family === 'star') out.cuts++;
          else out.feeds.push(n * 30);
          i += 3;
          continue;
        }
        case 0x2a: {
          const m = b[i + 2] ?? 0;
          const cols = u16(i + 3);
          const rows = m >= 32 ? 24 : 8;
          const start = i + 5;
          const len = (cols * rows) / 8;
          out.images.push({
            command: 'ESC *',
            bitmap: columnBitmap(b.subarray(start, start + len), cols, rows),
          });
          i = start + len;
          continue;
        }
      }
      unknown(i, 3);
      i += 2;
      continue;
    }
    if (c === 0x1d) {
      const op = b[i + 1];
      switch (op) {
        case 0x56: {
          const m = b[i + 2] ?? 0;
          out.cuts++;
          i += m === 65 || m === 66 ? 4 : 3;
          continue;
        }
        case 0x48:
          barcode.hri = b[i + 2] ?? 0;
          i += 3;
          continue;
        case 0x77:
          barcode.module = b[i + 2] ?? 0;
          i += 3;
          continue;
        case 0x68:
          barcode.height = b[i + 2] ?? 0;
          i += 3;
          continue;
        case 0x66:
          i += 3;
          continue;
        case 0x6b: {
          const m = b[i + 2] ?? 0;
          if (m !== 73) {
            unknown(i, 4);
            i += 3;
            continue;
          }
          const n = b[i + 3] ?? 0;
          const data = b.subarray(i + 4, i + 4 + n);
          const set =
            data[0] === 0x7b ? (({ 0x41: 'A', 0x42: 'B', 0x43: 'C' } as const)[data[1] ?? 0] ?? 'B') : 'B';
          const body = data.subarray(data[0] === 0x7b ? 2 : 0);
          const text =
            set === 'C'
              ? [...body].map((x) => String(x).padStart(2, '0')).join('')
              : Buffer.from(body).toString('latin1');
          const symbols = set === 'C' ? body.length : text.length;
          out.barcodes.push({
            symbology: 'code128',
            codeSet: set,
            data: text,
            moduleDots: barcode.module,
            height: barcode.height,
            hri: barcode.hri !== 0,
            widthDots: (11 * (symbols + 2) + 13) * barcode.module,
          });
          i += 4 + n;
          continue;
        }
        case 0x76: {
          const stride = u16(i + 4);
          const rows = u16(i + 6);
          const start = i + 8;
          out.images.push({
            command: 'GS v 0',
            bitmap: rasterBitmap(b.subarray(start, start + stride * rows), stride, rows),
          });
          i = start + stride * rows;
          continue;
        }
        case 0x28:
          if (b[i + 2] === 0x6b) {
            const len = u16(i + 3);
            const cn = b[i + 5];
            const fn = b[i + 6];
            const args = b.subarray(i + 7, i + 5 + len);
            if (cn === 0x31) {
              if (fn === 0x41) qr.model = (args[0] ?? 0x32) - 0x30;
              else if (fn === 0x43) qr.size = args[0] ?? 3;
              else if (fn === 0x45) qr.ecc = (args[0] ?? 0x30) - 0x30;
              else if (fn === 0x50) {
                qr.data = Buffer.from(args.subarray(1)).toString('latin1');
                out.qrs.push({
                  model: qr.model,
                  moduleSize: qr.size,
                  ecc: ECC[qr.ecc] ?? 'L',
                  data: qr.data,
                  printed: false,
                });
              } else if (fn === 0x51) {
                const last = out.qrs.at(-1);
                if (last) out.qrs[out.qrs.length - 1] = { ...last, printed: true };
              }
            }
            i += 5 + len;
            continue;
          }
          break;
      }
      unknown(i, 3);
      i += 2;
      continue;
    }
    unknown(i, 1);
    i++;
  }
  if (line.length > 0) flush();
  return { ...out, text: out.lines.map((l) => l.text).join('\n') };
}
