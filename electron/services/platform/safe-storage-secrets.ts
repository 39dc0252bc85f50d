import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import type { SecretStore } from './types';

/** What the store needs of Electron's `safeStorage` (injected: this file must not import `electron`). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(blob: Buffer): string;
  /** Linux only: `basic_text` means no real keychain, a key hard-coded in Chromium. */
  getSelectedStorageBackend?(): string;
}

/** Linux backends that protect nothing: anyone who can read the file can decrypt it. */
const WEAK_BACKENDS = new Set(['basic_text', 'unknown']);
/** The audit log's integrity key may live there (it is no weaker than the 0600 file of host/CLI mode). */
const ALLOWED_WHEN_WEAK = new Set(['audit.hmacKey']);
export const ALLOW_WEAK_KEYCHAIN_ENV = 'SPORTELLO_ALLOW_WEAK_KEYCHAIN';

/**
 * Secrets encrypted with the OS keychain (DPAPI, Keychain, libsecret/kwallet) through Electron's safeStorage.
 * On Linux without a keychain, Chromium falls back to `basic_text`: detected, reported (`weak`, in the status
 * bar), and backend secrets are then refused unless the administrator opts in (SPORTELLO_ALLOW_WEAK_KEYCHAIN=1).
 */
export function safeStorageSecrets(
  file: string,
  storage: SafeStorageLike,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): SecretStore {
  const backend = platform === 'linux' ? (storage.getSelectedStorageBackend?.() ?? 'unknown') : 'os';
  const weak = WEAK_BACKENDS.has(backend) ? backend : null;
  const optedIn = env[ALLOW_WEAK_KEYCHAIN_ENV] === '1';
  const refuse = (name: string) => weak !== null && !optedIn && !ALLOWED_WHEN_WEAK.has(name);
  const read = (): Record<string, string> =>
    existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  return {
    kind: weak ? `electron-safeStorage:${weak}` : 'electron-safeStorage',
    weak,
    get: (name) => {
      if (refuse(name)) throw new AppError('UNAVAILABLE', { reason: 'WEAK_KEYCHAIN', backend: weak });
      const blob = read()[name];
      if (typeof blob !== 'string') return null;
      return storage.decryptString(Buffer.from(blob, 'base64'));
    },
    set: (name, value) => {
      if (!storage.isEncryptionAvailable()) throw new AppError('UNAVAILABLE', { reason: 'NO_KEYCHAIN' });
      if (refuse(name)) throw new AppError('UNAVAILABLE', { reason: 'WEAK_KEYCHAIN', backend: weak });
      const all = { ...read(), [name]: storage.encryptString(value).toString('base64') };
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
    },
  };
}
