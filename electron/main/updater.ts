import { autoUpdater } from 'electron-updater';
import type { UpdatesConfig } from '../services/config/sections/updates';
import type { Logger } from '../services/log';
import { checkForUpdate } from '../services/updates/check';
import { UpdateError } from '../services/updates/feed';

/**
 * `updates.mode = generic`: every `checkEveryHours`, our policy (services/updates, tested in Node) reads the
 * feed and decides; only when it offers a newer version on the desk's channel is electron-updater asked to fetch
 * it from the same generic feed. electron-updater then downloads it, checks its sha512 against the feed (and, on
 * Windows, the installer's Authenticode publisher against the running app's), and installs it when the clerk
 * quits. `managed` (the default): nothing here runs; the municipality's distribution installs releases.
 */
export function startUpdates(config: UpdatesConfig, currentVersion: string, log: Logger): () => void {
  if (config.mode !== 'generic') return () => {};
  autoUpdater.setFeedURL({ provider: 'generic', url: config.url, channel: config.channel });
  autoUpdater.allowDowngrade = false;
  autoUpdater.allowPrerelease = config.channel !== 'latest';
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true;
  autoUpdater.on('error', (err) => log.warn('update failed', { error: String(err) }));
  autoUpdater.on('update-downloaded', (info) => log.info('update ready at quit', { version: info.version }));
  const check = async () => {
    try {
      const d = await checkForUpdate({ feedUrl: config.url, channel: config.channel, currentVersion });
      if (d.kind === 'none') return;
      log.info('update offered', { version: d.version });
      await autoUpdater.checkForUpdates();
    } catch (err) {
      log.warn('update check failed', {
        code: err instanceof UpdateError ? err.code : 'INTERNAL',
        error: err instanceof UpdateError ? err.sentence : String(err),
      });
    }
  };
  void check();
  const timer = setInterval(() => void check(), config.checkEveryHours * 3600_000);
  timer.unref();
  return () => clearInterval(timer);
}
