import { app, safeStorage } from 'electron';
import { join } from 'node:path';
import { nodePaths } from '../services/platform/node';
import { safeStorageSecrets } from '../services/platform/safe-storage-secrets';
import type { Platform } from '../services/platform/types';

/**
 * The app keeps everything in the desk's one data folder (the CLI and the browser host resolve the same one),
 * not in Electron's default userData. Chromium's own state goes to a subfolder, so the top level holds only the
 * desk's files. Called before anything asks for userData (the single-instance lock does).
 */
export function useDeskDataDir(): string {
  const dataDir = nodePaths(process.env).dataDir;
  app.setPath('userData', dataDir);
  app.setPath('sessionData', join(dataDir, 'chromium'));
  return dataDir;
}

export function electronPlatform(): Platform {
  const paths = nodePaths(process.env);
  const dataDir = paths.dataDir;
  return {
    paths,
    secrets: safeStorageSecrets(join(dataDir, 'secrets.bin.json'), safeStorage),
    appVersion: app.getVersion(),
  };
}
