import { app, dialog, ipcMain, type BrowserWindow } from 'electron';
import { join } from 'node:path';
import { AppError } from '../../core/contract/errors';
import { describeConfigError } from '../services/config/load';
import { createDesk, type Desk } from '../services/desk';
import { createLogger } from '../services/log';
import { runCli } from '../cli/run';
import { commandLineMode } from './command-line';
import { utilityDeviceProcess } from './device-process-electron';
import { wireIpc } from './ipc';
import { isTrustedUrl } from './origin';
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
      win.on('closed', () => (win = null));
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
