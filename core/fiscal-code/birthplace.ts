/**
 * Birthplace of a personal fiscal code, from its cadastral (Belfiore) code and the birth date.
 *
 * The data (about 10,000 places, ANPR CC BY 4.0 and ISTAT CC BY 3.0) come from
 * @marketto/belfiore-connector-embedded, loaded once by the desk services (electron/services/fiscal) into the
 * synchronous index built here; core stays free of the dataset so the renderer never bundles it.
 *
 * What that library does with dates, and what we do instead:
 * - its data hold one validity window per code (creation..expiration) and no code appears twice, so a code
 *   that was reused for another place cannot be told apart there; our index accepts several windows per
 *   code and picks the one containing the birth date.
 * - its Parser.cfToBirthPlace checks the window only for births after 1978-09-29 (it hard-codes 1973-09-29
 *   plus five years: codes were assigned en masse from the mid-1970s, with the municipality codes of that
 *   time, so older births may carry a code younger than the person). We keep that exception but only in
 *   that direction: a code that had already expired before the birth is refused at any date.
 * - its window test is exclusive on both days (born on the day a municipality was created fails); ours is
 *   inclusive.
 * - its century guess (cfToBirthYear) looks at the year only; ours is in personal.ts and uses the full date.
 */

export interface Birthplace {
  /** Belfiore code, digits restored (D969). */
  code: string;
  name: string;
  /** Province abbreviation for Italian municipalities, null for countries. */
  province: string | null;
  /** True for a foreign country (Z codes). */
  country: boolean;
}

export interface BelfioreRecord {
  code: string;
  name: string;
  province: string | null;
  /** First day the code was in force, YYYY-MM-DD. */
  validFrom: string;
  /** Last day the code was in force, YYYY-MM-DD; null while still in force. */
  validTo: string | null;
}

/** The shape of a BelfiorePlace from @marketto/belfiore-connector, without importing it. */
export interface BelfiorePlaceLike {
  belfioreCode: string;
  name: string;
  province?: string | undefined;
  creationDate?: Date | undefined;
  expirationDate?: Date | undefined;
}

export type BirthplaceResolver = (belfiore: string, birthDate: string) => Birthplace | null;

/** Births up to this day may carry a code that did not yet exist when they were born (see above). */
const RETROACTIVE_UNTIL = '1978-09-29';
const OMOCODE_LETTERS = 'LMNPQRSTUV';
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

// code|name|province|validFrom|validTo, from @marketto/belfiore-connector-embedded 1.2.1 (ANPR, ISTAT).

function isoDay(date: Date | undefined): string | null {
  if (date === undefined || Number.isNaN(date.getTime())) return null;
  return date.toISOString().slice(0, 10);
}

/** Converts the library's places; its open-ended expirations are dated 9999-12-31. */
export function recordsFromBelfiorePlaces(places: Iterable<BelfiorePlaceLike>): BelfioreRecord[] {
  const records: BelfioreRecord[] = [];
  for (const place of places) {
    const validTo = isoDay(place.expirationDate);
    records.push({
      code: place.belfioreCode.toUpperCase(),
      name: place.name,
      province: place.province ?? null,
      validFrom: isoDay(place.creationDate) ?? '0000-01-01',
      validTo: validTo === null || validTo >= '9999-01-01' ? null : validTo,
    });
  }
  return records;
}

function restoreDigits(belfiore: string): string {
  const code = belfiore.trim().toUpperCase();
  if (code.length !== 4) return code;
  let restored = code.charAt(0);
  for (const ch of code.slice(1)) {
    const digit = OMOCODE_LETTERS.indexOf(ch);
    restored += digit >= 0 ? String(digit) : ch;
  }
  return restored;
}

const inForce = (record: BelfioreRecord, day: string): boolean =>
  record.validFrom <= day && (record.validTo === null || day <= record.validTo);

export function createBirthplaceResolver(records: Iterable<BelfioreRecord>): BirthplaceResolver {
  const byCode = new Map<string, BelfioreRecord[]>();
  for (const record of records) {
    const list = byCode.get(record.code);
    if (list === undefined) byCode.set(record.code, [record]);
    else list.push(record);
  }
  for (const list of byCode.values()) list.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1));

  return (belfiore, birthDate) => {
    if (!ISO_DAY.test(birthDate)) return null;
    const code = restoreDigits(belfiore);
    const candidates = byCode.get(code);
    if (candidates === undefined) return null;
    const record =
      candidates.find((r) => inForce(r, birthDate)) ??
      (birthDate <= RETROACTIVE_UNTIL ? candidates.find((r) => birthDate < r.validFrom) : undefined);
    if (record === undefined) return null;
    const country = code.charAt(0) === 'Z';
    return { code, name: record.name, province: country ? null : record.province, country };
  };
}
