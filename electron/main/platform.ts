import { app, safeStorage } from 'electron';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/contract/errors';
import { nodePaths } from '../services/platform/node';
import type { Platform, SecretStore } from '../services/platform/types';

/** Secrets encrypted with the OS keychain (DPAPI, Keychain, libsecret) through Electron's safeStorage. */
function safeStorageSecrets(file: string): SecretStore {
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return {
    kind: 'electron-safeStorage',
    get: (name) => {
      const blob = read()[name];
      if (typeof blob !== 'string') return null;
      return safeStorage.decryptString(Buffer.from(blob, 'base64'));
    },
    set: (name, value) => {
      if (!safeStorage.isEncryptionAvailable()) throw new AppError('UNAVAILABLE', { reason: 'NO_KEYCHAIN' });
      const all = { ...read(), [name]: safeStorage.encryptString(value).toString('base64') };
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
    },
  };
}

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
    secrets: safeStorageSecrets(join(dataDir, 'secrets.bin.json')),
    appVersion: app.getVersion(),
  };
}
