import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  recordsFromBelfiorePlaces,
  type BelfiorePlaceLike,
  type BelfioreRecord,
} from '../../../core/fiscal-code/birthplace';

/** The file a bundle carries beside its modules (build-config/birthplaces-asset.ts writes it). */
export const PREBUILT_PLACES_FILE = 'birthplaces.json';

/** The places as the bundle stores them: the core rule's own records (plain JSON, days as YYYY-MM-DD). */
export function serializePlaces(places: readonly BelfiorePlaceLike[]): string {
  return JSON.stringify(recordsFromBelfiorePlaces(places));
}

const isRecord = (r: unknown): r is BelfioreRecord => {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return (
    typeof o['code'] === 'string' &&
    typeof o['name'] === 'string' &&
    (o['province'] === null || typeof o['province'] === 'string') &&
    typeof o['validFrom'] === 'string' &&
    (o['validTo'] === null || typeof o['validTo'] === 'string')
  );
};

/**
 * The places decoded at build time, when this module runs from a bundle that carries them: reading 1 MB of
 * JSON costs a few ms where the library's own decoding costs 0.5-1 s, which a CLI run cannot afford. Null from
 * the sources, or when the file is absent or not what it should be (the caller then decodes the library).
 */
export function loadPrebuiltRecords(
  where: URL = new URL(`./${PREBUILT_PLACES_FILE}`, import.meta.url),
): BelfioreRecord[] | null {
  const file = fileURLToPath(where);
  if (!existsSync(file)) return null;
  try {
    const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (!Array.isArray(raw) || raw.length === 0 || !raw.every(isRecord)) return null;
    return raw;
  } catch {
    return null;
  }
}
