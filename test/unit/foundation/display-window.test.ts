import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { DisplayState } from '../../../core/display/display-state';
import {
  DISPLAY_PUBLISH_CHANNEL,
  DISPLAY_READY_CHANNEL,
  DISPLAY_STATE_CHANNEL,
} from '../../../core/display/display-channels';
import { displaySection } from '../../../electron/services/config/sections/display';
import { loadConfig } from '../../../electron/services/config/load';
import { configSchema } from '../../../electron/services/config/schema';
import { silentLogger } from '../../../electron/services/log';
import { DisplayFeed } from '../../../electron/main/display-feed';
import {
  wireDisplayIpc,
  type IpcMainOnLike,
  type IpcSendEventLike,
} from '../../../electron/main/display-ipc';
import { chooseScreen, type Rect, type ScreenDisplay } from '../../../electron/main/display-screens';
import {
  DisplayWindowManager,
  type DisplayWindowLike,
  type ScreenLike,
} from '../../../electron/main/display-window-manager';
import { wireIpc } from '../../../electron/main/ipc';
import { isDisplayUrl, isTrustedUrl } from '../../../electron/main/origin';
import { DEMO_CITIZENS } from '../../../electron/services/demo/dataset';
import { createTestDesk } from '../../support/desk';
import { tempDir } from '../../support/temp';

/*
 * Electron binary absent: stand-in for BrowserWindow/screen. The classes below play Electron's `screen` (a list
 * of displays and its display-added/removed/metrics-changed events) and the display BrowserWindow (bounds,
 * destroy, the messages its web contents receive). The real manager, feed and IPC wiring run against them, with
 * a real desk for the citizen's comings and goings.
 */
class StandInScreen implements ScreenLike {
  displays: ScreenDisplay[];
  private readonly listeners = new Map<string, Set<() => void>>();
  constructor(
    displays: ScreenDisplay[],
    public primaryId: number,
  ) {
    this.displays = displays;
  }
  getAllDisplays() {
    return [...this.displays];
  }
  getPrimaryDisplay() {
    return this.displays.find((d) => d.id === this.primaryId)!;
  }
  on(event: string, l: () => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(l);
  }
  removeListener(event: string, l: () => void) {
    this.listeners.get(event)?.delete(l);
  }
  emit(event: 'display-added' | 'display-removed' | 'display-metrics-changed') {
    for (const l of this.listeners.get(event) ?? []) l();
  }
  listenerCount() {
    return [...this.listeners.values()].reduce((n, s) => n + s.size, 0);
  }
}

let nextContentsId = 100;
class StandInWindow implements DisplayWindowLike {
  destroyed = false;
  readonly sent: [string, unknown][] = [];
  readonly boundsSet: Rect[] = [];
  private readonly closed = new Set<() => void>();
  readonly webContents = {
    id: ++nextContentsId,
    send: (channel: string, payload: unknown) => this.sent.push([channel, payload]),
    isDestroyed: () => this.destroyed,
  };
  constructor(readonly screen: ScreenDisplay) {}
  setBounds(b: Rect) {
    this.boundsSet.push(b);
  }
  destroy() {
    this.destroyed = true;
    for (const l of this.closed) l();
  }
  isDestroyed() {
    return this.destroyed;
  }
  on(_event: 'closed', l: () => void) {
    this.closed.add(l);
  }
  /** The last state the display page was handed. */
  lastState(): DisplayState | undefined {
    const states = this.sent.filter(([c]) => c === DISPLAY_STATE_CHANNEL);
    return states.at(-1)?.[1] as DisplayState | undefined;
  }
}

const LAPTOP: ScreenDisplay = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const FACING: ScreenDisplay = { id: 2779098405, bounds: { x: 1366, y: 0, width: 1920, height: 1080 } };
const OTHER: ScreenDisplay = { id: 77, bounds: { x: 3286, y: 0, width: 1280, height: 1024 } };

const STATE: DisplayState = {
  locale: 'it',
  office: 'Comune di Demo',
  options: [
    {
      subject: 'TARI 2026',
      label: 'Unica soluzione',
      nav: '301000000000012373',
      ecFiscalCode: '00000000000',
      creditor: 'Comune di Demo',
      amount: 31250,
      dueDate: '2026-12-31',
    },
  ],
};

function managerOn(setting: Parameters<typeof chooseScreen>[0], screen: StandInScreen) {
  const made: StandInWindow[] = [];
  const feed = new DisplayFeed();
  const windows = new DisplayWindowManager(
    setting,
    screen,
    (on) => {
      const w = new StandInWindow(on);
      made.push(w);
      return w;
    },
    feed,
    silentLogger,
  );
  return { made, feed, windows };
}

describe('display.screen in the configuration', () => {
  it('defaults to none and takes none, secondary, an index or a display id; anything else is refused', () => {
    expect(configSchema.parse({}).display).toEqual({ screen: 'none' });
    for (const screen of ['none', 'secondary', 'index:0', 'index:15', 'id:2779098405'])
      expect(displaySection.parse({ screen }).screen).toEqual(screen);
    for (const screen of ['primary', 1, 'index:-1', 'index:16', 'index:1.5', 'id:x', 'id:', { index: 1 }, ''])
      expect(displaySection.safeParse({ screen }).success, JSON.stringify(screen)).toBe(false);
    expect(configSchema.safeParse({ display: { screen: 'secondary', kiosk: false } }).success).toBe(false);
  });

  it('the administrator’s value replaces a desk’s whole (one string: nothing to merge into an invalid mix)', () => {
    const dir = tempDir('sportello-display-config-');
    try {
      const userFile = join(dir.path, 'config.json');
      const adminFile = join(dir.path, 'admin.json');
      writeFileSync(userFile, JSON.stringify({ display: { screen: 'index:1' } }));
      writeFileSync(adminFile, JSON.stringify({ display: { screen: 'id:2779098405' } }));
      const loaded = loadConfig({ userFile, adminFile });
      expect(loaded.config.display.screen).toBe('id:2779098405');
      expect(loaded.locked).toContain('display.screen');
      writeFileSync(adminFile, JSON.stringify({ display: { screen: 'index:1', extra: true } }));
      expect(() => loadConfig({ userFile, adminFile })).toThrow();
    } finally {
      dir.remove();
    }
  });

  it('chooses the screen facing the citizen, never the primary one (the desk)', () => {
    const all = [LAPTOP, FACING, OTHER];
    expect(chooseScreen('none', all, 1)).toBeNull();
    expect(chooseScreen('secondary', all, 1)).toBe(FACING);
    expect(chooseScreen('secondary', [LAPTOP], 1)).toBeNull();
    expect(chooseScreen('index:2', all, 1)).toBe(OTHER);
    expect(chooseScreen('index:0', all, 1)).toBeNull();
    expect(chooseScreen('index:5', all, 1)).toBeNull();
    expect(chooseScreen('id:77', all, 1)).toBe(OTHER);
    expect(chooseScreen('id:2779098405', all, 1)).toBe(FACING);
    expect(chooseScreen('id:1', all, 1)).toBeNull();
  });
});

describe('the display window follows the screens (stand-in screen and BrowserWindow)', () => {
  it('opens when the chosen screen is plugged in, moves with it, closes when it is unplugged, twice', () => {
    const screen = new StandInScreen([LAPTOP], 1);
    const { made, feed, windows } = managerOn('secondary', screen);
    windows.start();
    expect(made).toHaveLength(0);

    for (const round of [1, 2]) {
      screen.displays = [LAPTOP, FACING];
      screen.emit('display-added');
      expect(made, `round ${round}`).toHaveLength(round);
      const w = made[round - 1]!;
      expect(w.screen).toBe(FACING);
      expect(windows.screenId).toBe(FACING.id);
      // What the desk publishes reaches the window's page; the page asking again gets the current state.
      feed.publish(STATE);
      expect(w.lastState()).toEqual(STATE);
      windows.ready();
      expect(w.sent.at(-1)).toEqual([DISPLAY_STATE_CHANNEL, STATE]);
      // The facing screen changes resolution: the same window, new bounds.
      const bigger = { ...FACING, bounds: { ...FACING.bounds, width: 2560, height: 1440 } };
      screen.displays = [LAPTOP, bigger];
      screen.emit('display-metrics-changed');
      expect(made).toHaveLength(round);
      expect(w.boundsSet.at(-1)).toEqual(bigger.bounds);
      // Unplugged: the window goes, and nothing is sent to it any more.
      screen.displays = [LAPTOP];
      screen.emit('display-removed');
      expect(w.destroyed).toBe(true);
      expect(windows.screenId).toBeNull();
      const before = w.sent.length;
      feed.publish(null);
      expect(w.sent).toHaveLength(before);
    }
    windows.stop();
    expect(screen.listenerCount()).toBe(0);
  });

  it('a new window gets the state the desk holds now, not an older one', () => {
    const screen = new StandInScreen([LAPTOP], 1);
    const { made, feed, windows } = managerOn(`id:${FACING.id}`, screen);
    windows.start();
    feed.publish(STATE);
    screen.displays = [LAPTOP, OTHER, FACING];
    screen.emit('display-added');
    expect(made).toHaveLength(1);
    expect(made[0]!.screen).toBe(FACING);
    windows.ready();
    expect(made[0]!.lastState()).toEqual(STATE);
    feed.clear();
    expect(made[0]!.lastState()).toBeNull();
    windows.stop();
    expect(made[0]!.destroyed).toBe(true);
  });

  it('with none, or a setting that names the desk’s own screen, no window ever opens', () => {
    for (const setting of ['none', 'index:0', `id:${LAPTOP.id}`]) {
      const screen = new StandInScreen([LAPTOP, FACING], 1);
      const { made, windows } = managerOn(setting, screen);
      windows.start();
      screen.emit('display-added');
      expect(made, JSON.stringify(setting)).toHaveLength(0);
      windows.stop();
    }
  });

  it('the primary screen changing moves the display off it', () => {
    const screen = new StandInScreen([LAPTOP, FACING], 1);
    const { made, windows } = managerOn('secondary', screen);
    windows.start();
    expect(made[0]!.screen).toBe(FACING);
    // The administrator makes the facing screen the primary one: the display goes to the laptop's.
    screen.primaryId = FACING.id;
    screen.emit('display-metrics-changed');
    expect(made[0]!.destroyed).toBe(true);
    expect(made[1]!.screen).toBe(LAPTOP);
    windows.stop();
  });
});

/** Electron binary absent: stand-in for ipcMain's one-way messages. */
class StandInIpcMainOn implements IpcMainOnLike {
  readonly listeners = new Map<string, (e: IpcSendEventLike, p?: unknown) => void>();
  on(channel: string, l: (e: IpcSendEventLike, p?: unknown) => void) {
    this.listeners.set(channel, l);
  }
  removeListener(channel: string) {
    this.listeners.delete(channel);
  }
  emit(channel: string, event: IpcSendEventLike, payload?: unknown) {
    this.listeners.get(channel)?.(event, payload);
  }
}

describe('display IPC with a real desk (stand-in ipcMain, screen and BrowserWindow)', () => {
  const t = createTestDesk();
  afterAll(() => t.dispose());
  const DESK_CONTENTS = 7;
  const screen = new StandInScreen([LAPTOP, FACING], 1);
  const { made, feed, windows } = managerOn('secondary', screen);
  const ipc = new StandInIpcMainOn();
  windows.start();
  const unwire = wireDisplayIpc(ipc, {
    feed,
    windows,
    events: t.desk.events,
    deskContentsId: () => DESK_CONTENTS,
    isTrustedUrl,
    isDisplayUrl,
  });
  const fromDesk: IpcSendEventLike = {
    sender: { id: DESK_CONTENTS },
    senderFrame: { url: 'app://desk/index.html' },
  };
  const win = () => made.at(-1)!;
  const fromDisplay = (): IpcSendEventLike => ({
    sender: { id: win().webContents.id },
    senderFrame: { url: 'app://display/index.html#display' },
  });

  it('the desk publishes, the display shows; the desk ending the citizen clears it, for two citizens', async () => {
    for (const code of [DEMO_CITIZENS.laura.fiscalCode, DEMO_CITIZENS.giuseppe.fiscalCode]) {
      const who = await t.desk.call('identity.fromFiscalCode', { code }, { transport: 'ipc' });
      expect(who.ok, code).toBe(true);
      ipc.emit(DISPLAY_PUBLISH_CHANNEL, fromDesk, STATE);
      expect(win().lastState()).toEqual(STATE);
      // Closed at the desk (Esc, idle, card removed, lock: all end in identity.changed null).
      expect((await t.desk.call('identity.clear', {}, { transport: 'ipc' })).ok).toBe(true);
      expect(win().lastState()).toBeNull();
      expect(feed.state).toBeNull();
    }
  });

  it('a malformed state shows the neutral screen; nobody but the desk’s page may publish', () => {
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, fromDesk, STATE);
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, fromDesk, { ...STATE, options: [{ nav: 'x' }] });
    expect(win().lastState()).toBeNull();
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, fromDesk, STATE);
    const sent = win().sent.length;
    // The display window itself, a frame of another origin in the desk window, a page elsewhere.
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, fromDisplay(), null);
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, { ...fromDesk, senderFrame: { url: 'https://evil.example/' } }, null);
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, { sender: { id: 999 }, senderFrame: fromDesk.senderFrame }, null);
    ipc.emit(DISPLAY_PUBLISH_CHANNEL, { ...fromDesk, senderFrame: null }, null);
    expect(win().sent).toHaveLength(sent);
    expect(feed.state).toEqual(STATE);
  });

  it('only the display window’s page may ask for the state', () => {
    const sent = win().sent.length;
    ipc.emit(DISPLAY_READY_CHANNEL, fromDesk);
    ipc.emit(DISPLAY_READY_CHANNEL, { ...fromDisplay(), senderFrame: { url: 'app://desk/index.html' } });
    expect(win().sent).toHaveLength(sent);
    ipc.emit(DISPLAY_READY_CHANNEL, fromDisplay());
    expect(win().sent).toHaveLength(sent + 1);
  });

  it('the display’s origin gets no contract method over IPC', async () => {
    const handlers = new Map<
      string,
      (e: { senderFrame: { url: string } | null }, p: unknown) => Promise<unknown>
    >();
    const off = wireIpc(
      { handle: (c, l) => void handlers.set(c, l), removeHandler: (c) => void handlers.delete(c) },
      t.desk,
      isTrustedUrl,
      () => null,
    );
    for (const [name, h] of handlers)
      expect(await h({ senderFrame: { url: 'app://display/index.html' } }, {}), name).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason: 'UNTRUSTED_SENDER' } },
      });
    off();
  });

  it('unwires cleanly', () => {
    unwire();
    windows.stop();
    expect(ipc.listeners.size).toBe(0);
  });
});

describe('the preloads (stand-in contextBridge and ipcRenderer)', () => {
  /** Electron binary absent: stand-ins for contextBridge and ipcRenderer record what a preload does. */
  const exposed = new Map<string, unknown>();
  const on = new Map<string, (e: unknown, ...a: unknown[]) => void>();
  const sent: unknown[][] = [];
  vi.doMock('electron', () => ({
    contextBridge: { exposeInMainWorld: (k: string, v: unknown) => exposed.set(k, v) },
    ipcRenderer: {
      invoke: async () => ({ ok: true, value: null }),
      send: (...a: unknown[]) => sent.push(a),
      on: (c: string, l: (e: unknown, ...a: unknown[]) => void) => on.set(c, l),
      removeListener: (c: string) => on.delete(c),
    },
  }));

  it('the display preload exposes one function, subscribe, and nothing of the contract', async () => {
    exposed.clear();
    await import('../../../electron/preload/display');
    expect([...exposed.keys()]).toEqual(['sportelloDisplay']);
    const api = exposed.get('sportelloDisplay') as Record<string, unknown>;
    expect(Object.keys(api)).toEqual(['subscribe']);
    const got: unknown[][] = [];
    const off = (api['subscribe'] as (l: (...a: unknown[]) => void) => () => void)((...a) => got.push(a));
    expect(sent).toEqual([[DISPLAY_READY_CHANNEL]]);
    expect([...on.keys()]).toEqual([DISPLAY_STATE_CHANNEL]);
    on.get(DISPLAY_STATE_CHANNEL)!({ sender: 'raw-event' }, STATE);
    expect(got).toEqual([[STATE]]);
    off();
    expect(on.size).toBe(0);
  });

  it('the desk preload adds only the one-way publisher next to the contract', async () => {
    exposed.clear();
    sent.length = 0;
    await import('../../../electron/preload/index');
    expect([...exposed.keys()].sort()).toEqual(['sportello', 'sportelloDisplayFeed']);
    const feed = exposed.get('sportelloDisplayFeed') as { publish(s: unknown): void };
    expect(Object.keys(feed)).toEqual(['publish']);
    feed.publish(STATE);
    expect(sent).toEqual([[DISPLAY_PUBLISH_CHANNEL, STATE]]);
  });
});
