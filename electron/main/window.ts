import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import { APP_ORIGIN } from './origin';

/** The desk's one window: sandboxed renderer, isolated context, no Node, only the preload's bridge. */
export function createDeskWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Sportello',
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
      // Middle-click would open links in a new window, bypassing the navigation rules.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

export const preloadFile = (dir: string) => join(dir, '..', 'preload', 'index.cjs');
