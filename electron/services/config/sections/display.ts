import { z } from 'zod';

/**
 * Where the citizen's display opens in the app (a second window, full screen on a screen facing the citizen).
 * `none` (default): no second window. `secondary`: the first screen that is not the primary one. `{ index }`:
 * the screen at that place in the system's list (0 is the first). `{ id }`: the screen with that id (what
 * Electron's `screen.getAllDisplays()` reports; it survives a re-plug on most systems). The window never opens
 * on the primary screen, where the clerk's desk is; with no matching screen it opens when one is plugged in.
 * The browser host ignores this key: there the display is a second page opened at the address it prints.
 */
export const displaySection = z.strictObject({
  screen: z
    .union([
      z.enum(['none', 'secondary']),
      z.strictObject({ index: z.number().int().min(0).max(15) }),
      z.strictObject({ id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }),
    ])
    .default('none'),
});

export type DisplayConfig = z.output<typeof displaySection>;
export type DisplayScreenSetting = DisplayConfig['screen'];
