import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BelfiorePlaceLike } from '../../../core/fiscal-code/birthplace';

/** The file a bundle carries beside its modules (build-config/birthplaces-asset.ts writes it). */
export const PREBUILT_PLACES_FILE = 'birthplaces.json';

interface StoredPlace {
  belfioreCode: string;
  name: string;
  province?: string;
  creationDate?: string;
  expirationDate?: string;
}

/** The places as the bundle stores them: plain JSON, dates as ISO strings. */
export function serializePlaces(places: readonly BelfiorePlaceLike[]): string {
  return JSON.stringify(
    places.map((p) => ({
      belfioreCode: p.belfioreCode,
      name: p.name,
      province: p.province,
      creationDate: p.creationDate?.toISOString(),
      expirationDate: p.expirationDate?.toISOString(),
    })),
  );
}

/**
 * The places decoded at build time, when this module runs from a bundle that carries them: reading 1.5 MB of
 * JSON costs a few ms where the library's own decoding costs 0.5-1 s, which a CLI run cannot afford. Null from
 * the sources, or when the file is absent or not what it should be (the caller then decodes the library).
 */
export function loadPrebuiltPlaces(where: URL = new URL(`./${PREBUILT_PLACES_FILE}`, import.meta.url)) {
  const file = fileURLToPath(where);
  if (!existsSync(file)) return null;
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(raw) || raw.length === 0) return null;
    const places: BelfiorePlaceLike[] = [];
    for (const p of raw as StoredPlace[]) {
      if (typeof p?.belfioreCode !== 'string' || typeof p.name !== 'string') return null;
      places.push({
        belfioreCode: p.belfioreCode,
        name: p.name,
        ...(typeof p.province === 'string' ? { province: p.province } : {}),
        ...(typeof p.creationDate === 'string' ? { creationDate: new Date(p.creationDate) } : {}),
        ...(typeof p.expirationDate === 'string' ? { expirationDate: new Date(p.expirationDate) } : {}),
      });
    }
    return places;
  } catch {
    return null;
  }
}
