import { z } from 'zod';

/**
 * Where the citizen's display opens in the app (a second window, full screen on a screen facing the citizen).
 * `none` (default): no second window. `secondary`: the first screen that is not the primary one. `index:N`: the
 * screen at that place in the system's list (0 is the first). `id:N`: the screen with that id (what Electron's
 * `screen.getAllDisplays()` reports, and the desk's log names; it survives a re-plug on most systems). The window
 * never opens on the primary screen, where the clerk's desk is; with no matching screen it opens when one is
 * plugged in. One string rather than an object, so that the administrator's file replaces a desk's value whole
 * instead of merging `{index}` into `{id}`. The browser host ignores this key: there the display is a second
 * page opened at the address it prints.
 */
export const displaySection = z.strictObject({
  screen: z
    .string()
    .regex(/^(none|secondary|index:(1[0-5]|\d)|id:\d{1,15})$/, {
      message: 'atteso "none", "secondary", "index:N" (0-15) o "id:N" (id dello schermo)',
    })
    .default('none'),
});

export type DisplayConfig = z.output<typeof displaySection>;
export type DisplayScreenSetting = DisplayConfig['screen'];
