/**
 * EF_DatiPersonali, the personal-data file of a CNS as OpenSC exposes it: 6 hex-ASCII characters of total
 * length, then fields each prefixed by 2 hex-ASCII characters of length, in a fixed order.
 */
export interface DatiPersonali {
  readonly issuer: string;
  readonly issueDate: string | null;
  readonly expiryDate: string | null;
  readonly surname: string;
  readonly givenName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string | null;
  readonly sex: 'M' | 'F' | null;
  readonly fiscalCode: string;
}

const FIELDS = [
  'issuer',
  'issueDate',
  'expiryDate',
  'surname',
  'givenName',
  'birthDate',
  'sex',
  'height',
  'fiscalCode',
] as const;

/** ddmmyyyy → YYYY-MM-DD; anything else null. */
function dateOf(s: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(s);
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** Returns null for a blob that does not follow the format: the caller reports it as unreadable. */
export function parseDatiPersonali(raw: Buffer): DatiPersonali | null {
  const text = raw.toString('latin1');
  if (!/^[0-9A-Fa-f]{6}/.test(text)) return null;
  const total = parseInt(text.slice(0, 6), 16);
  const body = text.slice(6, 6 + total);
  const values: string[] = [];
  let i = 0;
  while (i + 2 <= body.length && values.length < FIELDS.length) {
    const lenHex = body.slice(i, i + 2);
    if (!/^[0-9A-Fa-f]{2}$/.test(lenHex)) return null;
    const len = parseInt(lenHex, 16);
    if (i + 2 + len > body.length) return null;
    values.push(body.slice(i + 2, i + 2 + len));
    i += 2 + len;
  }
  if (values.length < FIELDS.indexOf('fiscalCode') + 1) return null;
  const get = (f: (typeof FIELDS)[number]) => (values[FIELDS.indexOf(f)] ?? '').trim();
  const sex = get('sex').toUpperCase();
  return {
    issuer: get('issuer'),
    issueDate: dateOf(get('issueDate')),
    expiryDate: dateOf(get('expiryDate')),
    surname: get('surname'),
    givenName: get('givenName'),
    birthDate: dateOf(get('birthDate')),
    sex: sex === 'M' || sex === 'F' ? sex : null,
    fiscalCode: get('fiscalCode').toUpperCase(),
  };
}

/** Builds the file (test tokens, and the round-trip test of the parser). */
export function encodeDatiPersonali(d: Record<(typeof FIELDS)[number], string>): Buffer {
  const body = FIELDS.map((f) => {
    const v = d[f];
    return v.length.toString(16).toUpperCase().padStart(2, '0') + v;
  }).join('');
  return Buffer.from(body.length.toString(16).toUpperCase().padStart(6, '0') + body, 'latin1');
}
