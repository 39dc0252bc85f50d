import { createRequire } from 'node:module';
import type { Plugin } from 'vite';
import type { BelfiorePlaceLike } from '../core/fiscal-code/birthplace';
import { PREBUILT_PLACES_FILE, serializePlaces } from '../electron/services/fiscal/birthplaces-prebuilt.ts';

/**
 * Writes the Belfiore places, decoded once here at build time, beside the bundle's modules: the CLI then reads
 * plain JSON instead of decoding the library on every run (electron/services/fiscal/birthplaces-prebuilt.ts).
 */
export function birthplacesAsset(): Plugin {
  return {
    name: 'sportello-birthplaces-asset',
    async generateBundle() {
      const lib = createRequire(import.meta.url)('@marketto/belfiore-connector-embedded') as {
        belfioreConnector: { toArray(): Promise<BelfiorePlaceLike[]> };
      };
      const places = await lib.belfioreConnector.toArray();
      this.emitFile({ type: 'asset', fileName: PREBUILT_PLACES_FILE, source: serializePlaces(places) });
    },
  };
}
