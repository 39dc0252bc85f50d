import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createBirthplaceResolver, recordsFromBelfiorePlaces } from '../../../core/fiscal-code/birthplace';
import { loadPlacesHere } from '../../../electron/services/fiscal/birthplaces';
import { loadPrebuiltRecords, serializePlaces } from '../../../electron/services/fiscal/birthplaces-prebuilt';
import { tempDir } from '../../support/temp';

const dir = tempDir('sportello-places-');
afterAll(() => dir.remove());

describe('Belfiore places decoded at build time (what the CLI and host bundles carry)', () => {
  it('read back, they are the records the library itself gives, and resolve the same places', async () => {
    const places = await loadPlacesHere();
    const file = join(dir.path, 'birthplaces.json');
    writeFileSync(file, serializePlaces(places));
    const records = loadPrebuiltRecords(pathToFileURL(file));
    expect(records).toEqual(recordsFromBelfiorePlaces(places));
    const resolve = createBirthplaceResolver(records!);
    expect(resolve('H501', '1980-01-01')).toMatchObject({ name: 'Roma', province: 'RM' });
    expect(resolve('A562', '1985-12-10')).toMatchObject({ name: 'San Giuliano Terme' });
  });

  it('a missing, damaged or foreign file is not used (the library is decoded instead)', () => {
    expect(loadPrebuiltRecords(pathToFileURL(join(dir.path, 'none.json')))).toBeNull();
    for (const [name, text] of [
      ['broken.json', '[{"code":'],
      ['empty.json', '[]'],
      ['other.json', '[{"belfioreCode":"H501","name":"Roma"}]'],
    ]) {
      writeFileSync(join(dir.path, name!), text!);
      expect(loadPrebuiltRecords(pathToFileURL(join(dir.path, name!)))).toBeNull();
    }
  });
});
