import ntp from 'node-thermal-printer';
import { cp858Byte } from './codepage';
import type { Block } from './layout';
import { columns, type PrinterProfile } from './profile';
import { code128SetC, cut, feed, lineSpacing, nativeQr, raster } from './quirks';

const { ThermalPrinter, PrinterTypes, CharacterSet, BreakLine } = ntp;

const init = (p: InstanceType<typeof ThermalPrinter>) =>
  (p as unknown as { initHardware(): void }).initHardware();

const TYPES = { epson: PrinterTypes.EPSON, star: PrinterTypes.STAR, custom: PrinterTypes.CUSTOM } as const;

/** A horizontal rule drawn with CP858's box-drawing line, full width. */
const RULE_CHAR = '─';

/**
 * ESC/POS (Epson, Custom) or Star line-mode bytes for a laid-out slip. node-thermal-printer builds init,
 * code page, alignment, emphasis, size and the text itself (already normalised to CP858, so its automatic
 * code-page switching never fires); quirks.ts supplies the commands it gets wrong.
 */
export function encodeBlocks(blocks: readonly Block[], profile: PrinterProfile): Buffer {
  // The typings require `interface` and omit initHardware(); building bytes needs neither a connection nor
  // anything outside the library's documented API at runtime.
  const p = new ThermalPrinter({
    interface: undefined as unknown as string,
    type: TYPES[profile.family],
    width: columns(profile),
    characterSet: CharacterSet.PC858_EURO,
    breakLine: BreakLine.NONE,
  });
  // ESC @ resets the code page, so the constructor's selection is dropped and made again after it.
  p.setBuffer(Buffer.alloc(0));
  init(p);
  p.setCharacterSet(CharacterSet.PC858_EURO);
  p.add(lineSpacing(profile.family));
  let align: string | null = null;
  const setAlign = (a: 'left' | 'center' | 'right') => {
    if (align === a) return;
    align = a;
    if (a === 'center') p.alignCenter();
    else if (a === 'right') p.alignRight();
    else p.alignLeft();
  };
  for (const b of blocks) {
    switch (b.kind) {
      case 'text':
        setAlign(b.align);
        if (b.size === 'big') p.setTextQuadArea();
        else if (b.size === 'tall') p.setTextDoubleHeight();
        if (b.bold) p.bold(true);
        p.println(b.text);
        if (b.bold) p.bold(false);
        if (b.size !== 'normal') p.setTextNormal();
        break;
      case 'rule':
        setAlign('left');
        p.add(Buffer.from(Array.from({ length: columns(profile) }, () => cp858Byte(RULE_CHAR))));
        p.newLine();
        break;
      case 'feed':
        p.add(feed(profile.family, b.dots).bytes);
        break;
      case 'image':
        setAlign('left');
        p.add(raster(profile.family, b.bitmap));
        break;
      case 'native-qr':
        setAlign('center');
        p.add(nativeQr(profile.family, b.payload, b.moduleDots));
        p.newLine();
        break;
      case 'barcode':
        setAlign('center');
        p.add(code128SetC(b.digits, b.moduleDots, b.height));
        break;
      case 'cut':
        p.add(cut(profile.family));
        init(p);
        p.setCharacterSet(CharacterSet.PC858_EURO);
        p.add(lineSpacing(profile.family));
        align = null;
        break;
    }
  }
  return p.getBuffer();
}
