import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ScreenDisplay } from './display-screens';
import { DISPLAY_ORIGIN } from './origin';

/**
 * The citizen's display window: full screen (kiosk) on the given screen, with the same locked-down renderer as
 * the desk's window (sandboxed, isolated context, no Node) and its own preload, which exposes only "subscribe
 * to the display state". It never takes the focus: the clerk's keys stay on the desk.
 */
export function createDisplayWindow(preloadPath: string, screen: ScreenDisplay): BrowserWindow {
  const { x, y, width, height } = screen.bounds;
  const win = new BrowserWindow({
    x,
    y,
    width,
    height,
    show: false,
    frame: false,
    kiosk: true,
    fullscreen: true,
    focusable: false,
    skipTaskbar: true,
    title: 'Sportello — display',
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      webviewTag: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.showInactive());
  void win.loadURL(`${DISPLAY_ORIGIN}/index.html#display`);
  return win;
}

export const displayPreloadFile = (dir: string) => join(dir, '..', 'preload', 'display.cjs');
