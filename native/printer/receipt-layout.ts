import type { ReceiptDocument } from '../../core/fees/receipt';
import { normalizeForCp858 } from './codepage';
import type { Block } from './layout';
import { wrap } from './layout';
import { columns, type PrinterProfile } from './profile';

/** The receipt on a thermal slip: title, then label/value pairs, each value wrapped under its label. */
export function layoutReceipt(doc: ReceiptDocument, profile: PrinterProfile): Block[] {
  const blocks: Block[] = [];
  const text = (
    raw: string,
    o: { bold?: boolean; align?: 'left' | 'center'; size?: 'normal' | 'tall' } = {},
  ) => {
    for (const line of wrap(normalizeForCp858(raw), columns(profile, 1)))
      blocks.push({
        kind: 'text',
        text: line,
        align: o.align ?? 'left',
        bold: o.bold ?? false,
        size: o.size ?? 'normal',
      });
  };
  text(doc.title, { bold: true, align: 'center', size: 'tall' });
  text('pagoPA', { align: 'center' });
  blocks.push({ kind: 'rule' });
  for (const [label, value] of doc.rows) {
    text(label, { bold: true });
    text(value);
    blocks.push({ kind: 'feed', dots: 6 });
  }
  blocks.push({ kind: 'rule' });
  text(doc.footer);
  blocks.push({ kind: 'feed', dots: 24 }, { kind: 'cut' });
  return blocks;
}
