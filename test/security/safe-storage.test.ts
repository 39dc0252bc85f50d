import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  safeStorageSecrets,
  type SafeStorageLike,
} from '../../electron/services/platform/safe-storage-secrets';
import { createDesk } from '../../electron/services/desk';
import { testPlatform } from '../support/desk';
import { tempDir } from '../support/temp';

const dir = tempDir('sportello-safestorage-');
afterAll(() => dir.remove());

/** Electron's safeStorage as it behaves with a given Linux backend (reversible, so reads can be checked). */
const fakeStorage = (backend: string): SafeStorageLike => ({
  isEncryptionAvailable: () => true,
  encryptString: (s) => Buffer.from(s, 'utf8').reverse(),
  decryptString: (b) => Buffer.from(b).reverse().toString('utf8'),
  getSelectedStorageBackend: () => backend,
});

describe('secrets through safeStorage', () => {
  it('on basic_text (no keychain) refuses backend secrets, allows the audit key, and says so in the status', async () => {
    const store = safeStorageSecrets(join(dir.path, 'a.json'), fakeStorage('basic_text'), {}, 'linux');
    expect(store.weak).toBe('basic_text');
    expect(() => store.set('govpay.password', 's3cret')).toThrow(
      expect.objectContaining({
        code: 'UNAVAILABLE',
        details: { reason: 'WEAK_KEYCHAIN', backend: 'basic_text' },
      }) as Error,
    );
    expect(() => store.get('govpay.password')).toThrow(
      expect.objectContaining({ code: 'UNAVAILABLE' }) as Error,
    );
    store.set('audit.hmacKey', 'ab'.repeat(32));
    expect(store.get('audit.hmacKey')).toBe('ab'.repeat(32));
    const platform = { ...testPlatform(dir.path), secrets: store };
    const desk = createDesk({ platform });
    expect(desk.services.status.get().secrets).toEqual({
      kind: 'electron-safeStorage:basic_text',
      weak: 'basic_text',
    });
    await desk.close();
  });

  it('stores them when the administrator opts in, and always with a real keychain', () => {
    const optIn = safeStorageSecrets(
      join(dir.path, 'b.json'),
      fakeStorage('basic_text'),
      { SPORTELLO_ALLOW_WEAK_KEYCHAIN: '1' },
      'linux',
    );
    optIn.set('govpay.password', 's3cret');
    expect(optIn.get('govpay.password')).toBe('s3cret');
    expect(optIn.weak).toBe('basic_text');
    const real = safeStorageSecrets(join(dir.path, 'c.json'), fakeStorage('gnome_libsecret'), {}, 'linux');
    real.set('govpay.password', 's3cret');
    expect(real.get('govpay.password')).toBe('s3cret');
    expect(real.weak).toBeNull();
  });
});
