import { DISPLAY_STATE_CHANNEL } from '../../core/display/display-channels';
import type { DisplayState } from '../../core/display/display-state';
import type { DisplayScreenSetting } from '../services/config/sections/display';
import type { Logger } from '../services/log';
import type { DisplayFeed } from './display-feed';
import { wantedScreen, type Rect, type ScreenDisplay } from './display-screens';

type ScreenEvent = 'display-added' | 'display-removed' | 'display-metrics-changed';
export const SCREEN_EVENTS: readonly ScreenEvent[] = [
  'display-added',
  'display-removed',
  'display-metrics-changed',
];

/** The part of Electron's `screen` the manager uses, typed structurally so its logic runs without Electron. */
export interface ScreenLike {
  getAllDisplays(): ScreenDisplay[];
  getPrimaryDisplay(): ScreenDisplay;
  on(event: ScreenEvent, listener: () => void): unknown;
  removeListener(event: ScreenEvent, listener: () => void): unknown;
}

/** The part of a `BrowserWindow` the manager uses. */
export interface DisplayWindowLike {
  readonly webContents: {
    readonly id: number;
    send(channel: string, payload: unknown): void;
    isDestroyed(): boolean;
  };
  setBounds(bounds: Rect): void;
  destroy(): void;
  isDestroyed(): boolean;
  on(event: 'closed', listener: () => void): unknown;
}

/** Builds the display window on a screen (electron/main/display-window.ts in the app). */
export type DisplayWindowFactory = (screen: ScreenDisplay) => DisplayWindowLike;

/**
 * Keeps the citizen's display window where the administrator wants it: created on the chosen screen when that
 * screen is there (at start, or when it is plugged in), moved when the screen changes size or place, destroyed
 * when it is unplugged or the setting says none. It hands the window the display state and nothing else.
 */
export class DisplayWindowManager {
  private win: DisplayWindowLike | null = null;
  private onScreen: number | null = null;
  private readonly replace = (): void => this.place();
  private unsubscribe: (() => void) | null = null;
  private warnedPrimary = false;

  constructor(
    private readonly setting: DisplayScreenSetting,
    private readonly screen: ScreenLike,
    private readonly create: DisplayWindowFactory,
    private readonly feed: DisplayFeed,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.setting === 'none') return;
    for (const e of SCREEN_EVENTS) this.screen.on(e, this.replace);
    this.unsubscribe = this.feed.subscribe((s) => this.send(s));
    this.place();
  }

  stop(): void {
    for (const e of SCREEN_EVENTS) this.screen.removeListener(e, this.replace);
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.close();
  }

  /** Whether IPC from these web contents comes from the display window (the only one that may ask its state). */
  isDisplayContents(webContentsId: number): boolean {
    const w = this.win;
    return w !== null && !w.isDestroyed() && w.webContents.id === webContentsId;
  }

  /** The display page (re)loaded and subscribed: it gets the state now. */
  ready(): void {
    this.send(this.feed.state);
  }

  /** The screen the window is on now (tests, diagnostics). */
  get screenId(): number | null {
    return this.win ? this.onScreen : null;
  }

  private place(): void {
    const all = this.screen.getAllDisplays();
    const primary = this.screen.getPrimaryDisplay().id;
    const wanted = wantedScreen(this.setting, all, primary);
    const target = wanted && wanted.id !== primary ? wanted : null;
    if (wanted && !target && !this.warnedPrimary) {
      this.warnedPrimary = true;
      this.log.warn("citizen display: the chosen screen is the primary one, the desk's: not opened", {
        screen: primary,
      });
    }
    if (!target) {
      this.close();
      return;
    }
    const w = this.win;
    if (w && !w.isDestroyed() && this.onScreen === target.id) {
      w.setBounds(target.bounds);
      return;
    }
    this.close();
    const made = this.create(target);
    this.win = made;
    this.onScreen = target.id;
    made.on('closed', () => {
      if (this.win !== made) return;
      this.win = null;
      this.onScreen = null;
    });
    this.log.info('citizen display opened', { screen: target.id });
  }

  private close(): void {
    const w = this.win;
    this.win = null;
    this.onScreen = null;
    if (w && !w.isDestroyed()) w.destroy();
  }

  private send(state: DisplayState): void {
    const w = this.win;
    if (w && !w.isDestroyed() && !w.webContents.isDestroyed())
      w.webContents.send(DISPLAY_STATE_CHANNEL, state);
  }
}
