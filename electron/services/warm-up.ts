import {
  code128Bitmap,
  layoutTestPage,
  renderBlocks,
  toPng,
  type PrinterProfile,
} from '../../native/printer';
import type { Startable } from './lifecycle';
import type { Logger } from './log';

/**
 * The first citizen of the day should not pay for the desk's cold start: the places for fiscal codes, the QR and
 * Code 128 encoders, the preview font and the PNG writer are each loaded or compiled at first use (the first
 * preview of a fresh desk took 0.2–0.9 s on the test machine, the next ones 40 ms). This part does that once,
 * after the devices have started, one step per turn of the event loop so a clerk's request is never held behind
 * it. It uses no citizen's data: a test page and a fixed payload.
 */
export function warmUpPart(steps: readonly (() => unknown)[], log: Logger): Startable {
  let stopped = false;
  return {
    name: 'warm-up',
    start() {
      void (async () => {
        for (const step of steps) {
          await new Promise((r) => setImmediate(r));
          if (stopped) return;
          try {
            await step();
          } catch (err) {
            // A cold start is only slower, never broken: the same work runs again at first real use.
            log.warn('warm-up step failed', { error: String(err) });
          }
        }
      })();
    },
    stop() {
      stopped = true;
    },
  };
}

/** Lays out, draws and encodes a test page, as a preview does. */
export function warmPrinting(): void {
  const profile: PrinterProfile = { family: 'epson', width: 80, qr: 'raster' };
  const blocks = layoutTestPage(profile, 'warm-up', 'PAGOPA|002|000000000000000000|00000000000|100');
  toPng(renderBlocks(blocks, profile));
  code128Bitmap('000000000000000000', 2, 80);
}
