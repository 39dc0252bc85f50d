import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  birthplaceResolver,
  loadPlaces,
  loadPlacesHere,
  loadPlacesInWorker,
} from '../../../electron/services/fiscal/birthplaces';
import { tempDir } from '../../support/temp';

/**
 * The Belfiore directory is decoded in a worker thread (electron/services/fiscal/birthplaces.ts), off the desk's
 * main thread; where a worker cannot load the library, in the calling thread as before.
 */
describe('Belfiore directory load', () => {
  test('the worker hands over the same places, dates included, as the library gives in this thread', async () => {
    const [fromWorker, here] = await Promise.all([loadPlacesInWorker(), loadPlacesHere()]);
    expect(fromWorker.length).toBeGreaterThan(9000);
    expect(fromWorker).toHaveLength(here.length);
    const plain = (p: (typeof here)[number]) => ({
      code: p.belfioreCode,
      name: p.name,
      province: p.province ?? null,
      from: p.creationDate?.getTime() ?? null,
      to: p.expirationDate?.getTime() ?? null,
    });
    expect(fromWorker.map(plain)).toEqual(here.map(plain));
  }, 30_000);

  test('a worker that cannot load the library rejects with the reason, and the places load in this thread', async () => {
    const missing = '/nonexistent/belfiore.js';
    await expect(loadPlacesInWorker(missing)).rejects.toThrow(/Cannot find module/);
    expect((await loadPlaces(missing)).length).toBe((await loadPlacesHere()).length);
  }, 30_000);

  test('a worker that never answers is stopped after the timeout; one that answers nonsense is refused', async () => {
    const dir = tempDir('sportello-belfiore-');
    try {
      const spinning = join(dir.path, 'spinning.js');
      writeFileSync(spinning, 'exports.belfioreConnector = { toArray() { for (;;) {} } };');
      await expect(loadPlacesInWorker(spinning, 500)).rejects.toThrow(/no answer in 500 ms/);
      const wrong = join(dir.path, 'wrong.js');
      writeFileSync(wrong, 'exports.belfioreConnector = { toArray: async () => [{ belfioreCode: 42 }] };');
      await expect(loadPlacesInWorker(wrong)).rejects.toThrow(/unexpected answer/);
    } finally {
      dir.remove();
    }
  }, 30_000);

  test('the resolver built from them', async () => {
    const resolve = await birthplaceResolver();
    // Milano (F205), and Z404: the United States.
    expect(resolve('F205', '1980-01-01')).toMatchObject({ name: 'Milano', province: 'MI', country: false });
    expect(resolve('Z404', '1980-01-01')).toMatchObject({ country: true });
  }, 30_000);
});
