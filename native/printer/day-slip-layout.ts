import { normalizeForCp858 } from './codepage';
import { wrap, type Block } from './layout';
import { columns, type PrinterProfile } from './profile';

/** One line of a slip: a heading, a plain line, or a label with its figure on the right. */
export type SlipLine =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'line'; readonly text: string }
  | { readonly kind: 'figure'; readonly label: string; readonly value: string }
  | { readonly kind: 'rule' };

export interface SlipDocument {
  readonly title: string;
  readonly lines: readonly SlipLine[];
}

/**
 * A short tabular slip (the day's "chiusura di sportello") for the printer's own columns: figures right-aligned
 * on the label's last line when both fit, else on a line of their own. Nothing is cut: long labels wrap.
 */
export function layoutSlip(doc: SlipDocument, profile: PrinterProfile): Block[] {
  const cols = columns(profile, 1);
  const blocks: Block[] = [];
  const push = (
    text: string,
    o: { bold?: boolean; align?: 'left' | 'center'; size?: 'normal' | 'tall' } = {},
  ) =>
    blocks.push({
      kind: 'text',
      text,
      align: o.align ?? 'left',
      bold: o.bold ?? false,
      size: o.size ?? 'normal',
    });
  for (const line of wrap(normalizeForCp858(doc.title), cols))
    push(line, { bold: true, align: 'center', size: 'tall' });
  blocks.push({ kind: 'rule' });
  for (const l of doc.lines) {
    if (l.kind === 'rule') {
      blocks.push({ kind: 'rule' });
      continue;
    }
    if (l.kind !== 'figure') {
      for (const line of wrap(normalizeForCp858(l.text), cols)) push(line, { bold: l.kind === 'heading' });
      continue;
    }
    const value = normalizeForCp858(l.value);
    const label = wrap(normalizeForCp858(l.label), cols);
    const last = label.pop() ?? '';
    for (const line of label) push(line);
    if (last.length + 1 + value.length <= cols) push(last + value.padStart(cols - last.length));
    else {
      if (last) push(last);
      for (const line of wrap(value, cols)) push(line.padStart(cols));
    }
  }
  blocks.push({ kind: 'rule' }, { kind: 'feed', dots: 24 }, { kind: 'cut' });
  return blocks;
}
