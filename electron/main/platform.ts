import { app, safeStorage } from 'electron';
import { join } from 'node:path';
import { nodePaths } from '../services/platform/node';
import { safeStorageSecrets } from '../services/platform/safe-storage-secrets';
import type { Platform } from '../services/platform/types';

export function electronPlatform(): Platform {
  const dataDir = process.env['SPORTELLO_DATA_DIR'] ?? app.getPath('userData');
  const paths = nodePaths({ ...process.env, SPORTELLO_DATA_DIR: dataDir });
  return {
    paths,
    secrets: safeStorageSecrets(join(dataDir, 'secrets.bin.json'), safeStorage),
    appVersion: app.getVersion(),
  };
}
