import { app, dialog, ipcMain, screen, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { AppError } from '../../core/contract/errors';
import { describeConfigError } from '../services/config/load';
import { createDesk, type Desk } from '../services/desk';
import { createLogger } from '../services/log';
import { runCli } from '../cli/run';
import { commandLineMode } from './command-line';
import { utilityDeviceProcess } from './device-process-electron';
import { DisplayFeed } from './display-feed';
import { wireDisplayIpc } from './display-ipc';
import { createDisplayWindow, displayPreloadFile } from './display-window';
import { DisplayWindowManager, type ScreenLike } from './display-window-manager';
import { wireIpc } from './ipc';
import { isDisplayUrl, isTrustedUrl } from './origin';
import { electronPlatform, useDeskDataDir } from './platform';
import { registerScheme, serveRenderer } from './protocol';
import { startUpdates } from './updater';
import { hardenSessions } from './security';
import { createDeskWindow, preloadFile } from './window';

const cli = commandLineMode(process.argv.slice(app.isPackaged ? 1 : 2), {
  version: app.getVersion(),
  runCli,
  io: {
    out: (l) => process.stdout.write(l + '\n'),
    err: (l) => process.stderr.write(l + '\n'),
    env: process.env,
    // `Sportello --cli secrets set NAME --stdin`: the app's own store (the OS keychain through safeStorage,
    // which needs the app ready), where the desk will read the secret.
    secretStore: async () => {
      await app.whenReady();
      const p = electronPlatform();
      return {
        store: p.secrets,
        where: `portachiavi del sistema, ${join(p.paths.dataDir, 'secrets.bin.json')}`,
      };
    },
  },
});
// One desk per machine session: a second launch focuses the first window instead of opening the database twice.
// The lock lives in userData, so the desk's data folder is set first.
if (cli) {
  void cli.then((code) => app.exit(code));
} else if ((useDeskDataDir(), !app.requestSingleInstanceLock())) {
  app.quit();
} else {
  registerScheme();
  let win: BrowserWindow | null = null;
  let desk: Desk | null = null;

  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  app.whenReady().then(
    () => {
      hardenSessions();
      serveRenderer(join(__dirname, '..', 'renderer'));
      try {
        const log = createLogger();
        desk = createDesk({
          platform: electronPlatform(),
          log,
          deviceProcess: () =>
            utilityDeviceProcess(__dirname, (l) => log.warn('smartcard stderr', { line: l })),
        });
      } catch (err) {
        const msg =
          err instanceof AppError && err.code === 'CONFIG_INVALID' ? describeConfigError(err) : String(err);
        dialog.showErrorBox('Sportello', `Impossibile avviare lo sportello.\n\n${msg}`);
        app.exit(1);
        return;
      }
      wireIpc(ipcMain, desk, isTrustedUrl, () => win?.webContents ?? null);
      void desk.start();
      startUpdates(desk.services.config.updates, app.getVersion(), desk.services.log);
      win = createDeskWindow(preloadFile(__dirname));
      const deskWin = win;
      const deskContents = deskWin.webContents.id;
      // The citizen's display: a second window on the screen the administrator chose (display.screen).
      const feed = new DisplayFeed();
      const displays = new DisplayWindowManager(
        desk.services.config.display.screen,
        electronScreen(),
        (on) => createDisplayWindow(displayPreloadFile(__dirname), on),
        feed,
        desk.services.log,
      );
      const unwireDisplay = wireDisplayIpc(ipcMain, {
        feed,
        windows: displays,
        events: desk.events,
        deskContentsId: () => (deskWin.isDestroyed() ? null : deskContents),
        isTrustedUrl,
        isDisplayUrl,
      });
      // The desk's page reloading or crashing takes the citizen off the display, as a closed page does in the
      // browser host; it publishes again once it is back.
      deskWin.webContents.on('did-start-navigation', (details) => {
        if (details.isMainFrame && !details.isSameDocument) feed.clear();
      });
      deskWin.webContents.on('render-process-gone', () => feed.clear());
      displays.start();
      win.on('closed', () => {
        win = null;
        feed.clear();
        unwireDisplay();
        // The display window must not keep the app open once the desk is closed.
        displays.stop();
      });
    },
    (err: unknown) => {
      dialog.showErrorBox('Sportello', String(err));
      app.exit(1);
    },
  );

  app.on('window-all-closed', () => {
    void (desk?.close() ?? Promise.resolve()).finally(() => app.quit());
  });
}

/** Electron's `screen` as the display manager sees it (its overloaded `on` takes one event name at a time). */
function electronScreen(): ScreenLike {
  return {
    getAllDisplays: () => screen.getAllDisplays(),
    getPrimaryDisplay: () => screen.getPrimaryDisplay(),
    on: (event, listener) => screen.on(event as 'display-added', listener),
    removeListener: (event, listener) => screen.removeListener(event as 'display-added', listener),
  };
}
