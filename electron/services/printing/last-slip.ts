import { renderBlocks, toPng, type Block, type PrinterProfile } from '../../../native/printer';

export interface DrawnSlip {
  readonly png: Buffer;
  readonly width: number;
  readonly height: number;
}

/**
 * The slip last laid out, kept for the print that follows its preview (the clerk's usual path: Ctrl+P, Enter),
 * so the notice is laid out and drawn once rather than twice. One slip only, keyed by everything that decides
 * its dots; it is dropped when the citizen changes and when the printers' configuration changes, so nothing of
 * a citizen outlives their session here either.
 */
export class LastSlip {
  private last: { key: string; blocks: Block[]; drawn: DrawnSlip | null } | null = null;

  /** `key` holds everything that decides the dots: the documents, the printer's profile and its logo. */
  async blocks(key: string, layout: () => Promise<Block[]>): Promise<Block[]> {
    if (this.last?.key === key) return this.last.blocks;
    const blocks = await layout();
    this.last = { key, blocks, drawn: null };
    return blocks;
  }

  /** The slip as the preview shows it and the preview printer keeps it. */
  drawn(blocks: readonly Block[], profile: PrinterProfile): DrawnSlip {
    const mine = this.last?.blocks === blocks ? this.last : null;
    if (mine?.drawn) return mine.drawn;
    const bm = renderBlocks(blocks, profile);
    const drawn = { png: toPng(bm), width: bm.width, height: bm.height };
    if (mine) mine.drawn = drawn;
    return drawn;
  }

  clear(): void {
    this.last = null;
  }
}
