import { describe, expect, it } from 'vitest';
import { LastSlip } from '../../../electron/services/printing/last-slip';
import type { Block } from '../../../native/printer';

const profile = { family: 'epson', width: 80, qr: 'raster' } as const;
const slip = (text: string): Block[] => [
  { kind: 'text', text, align: 'left', bold: false, size: 'normal' } as Block,
];

describe('the last slip kept between a preview and its print', () => {
  it('lays out once for the same key, and again for another key or after clear()', async () => {
    const memo = new LastSlip();
    let layouts = 0;
    const layout = (t: string) => async () => (layouts++, slip(t));
    const a = await memo.blocks('A', layout('Mario'));
    expect(await memo.blocks('A', layout('Mario'))).toBe(a);
    expect(layouts).toBe(1);
    await memo.blocks('B', layout('Anna'));
    expect(layouts).toBe(2);
    memo.clear();
    await memo.blocks('B', layout('Anna'));
    expect(layouts).toBe(3);
  });

  it('draws the kept slip once, and never hands a drawing of one slip to another', async () => {
    const memo = new LastSlip();
    const a = await memo.blocks('A', async () => slip('Mario Rossi'));
    const first = memo.drawn(a, profile);
    expect(memo.drawn(a, profile)).toBe(first);
    const b = await memo.blocks('B', async () => slip('Anna Bianchi, via Roma'));
    const second = memo.drawn(b, profile);
    expect(second).not.toBe(first);
    // Blocks that are not the kept ones (an older array) are drawn afresh, not answered from the memo.
    expect(memo.drawn(a, profile)).not.toBe(second);
    memo.clear();
    expect(memo.drawn(b, profile)).not.toBe(second);
  });
});
