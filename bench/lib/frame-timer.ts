/**
 * Times a clerk's action inside the page, from the input event to the first animation frame that shows its
 * result, so the figure is what the clerk sees and not the test driver's own round trip (on a loaded machine
 * Playwright's round trip alone reached p95 100 ms, as much as the whole goal).
 *
 * The page records every keydown/pointerdown's `event.timeStamp` (same clock as `performance.now()`); an observer
 * is armed before the input, and the result is the timestamp of the animation frame after the DOM first holds
 * at least `min` elements matching `selector`, minus the time of the first input since the observer was armed.
 */
import type { Page } from 'playwright-core';

/**
 * The page side, as source text: the bench runs through tsx, whose transform would wrap named functions in a
 * helper the page does not have.
 */
export const INPUT_CLOCK = `(() => {
  const inputs = [];
  const note = (e) => { inputs.push(e.timeStamp); };
  addEventListener('keydown', note, { capture: true });
  addEventListener('pointerdown', note, { capture: true });
  let armed = null;
  window.__frameTimer = {
    arm(selector, min) {
      inputs.length = 0;
      const holds = () => document.querySelectorAll(selector).length >= min;
      armed = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          if (!holds()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - (inputs.length ? inputs[0] : NaN)));
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
      });
    },
    settle() { return armed; },
    armEmpty() {
      armed = new Promise((resolve) =>
        addEventListener('keydown', (e) => requestAnimationFrame(() => resolve(performance.now() - e.timeStamp)),
          { capture: true, once: true }));
    },
  };
})();`;

/** Arms, runs the input, and returns the input-to-frame time in ms. */
export async function keyToFrame(
  page: Page,
  selector: string,
  min: number,
  input: () => Promise<void>,
): Promise<number> {
  await page.evaluate(`window.__frameTimer.arm(${JSON.stringify(selector)}, ${min})`);
  await input();
  const ms = (await page.evaluate('window.__frameTimer.settle()')) as number;
  if (!Number.isFinite(ms)) throw new Error(`no input seen before ${selector} appeared`);
  return ms;
}

/** The baseline: a key that changes nothing, to the next animation frame. */
export async function emptyKeyToFrame(page: Page, key: string): Promise<number> {
  await page.evaluate('window.__frameTimer.armEmpty()');
  await page.keyboard.press(key);
  return (await page.evaluate('window.__frameTimer.settle()')) as number;
}
