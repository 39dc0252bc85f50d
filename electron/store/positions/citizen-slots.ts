/**
 * Fiscal code → citizen rowid for one bulk load, in typed arrays outside the JS heap: a JS Map of 300,000
 * strings costs ~40 MB of old-generation heap, which V8 then lets grow to several times that in garbage
 * before collecting (measured: 450 MB peak RSS against 300 MB allowed). Here 524,288 slots (300,000
 * citizens at most 3/4 full) take 14 MB.
 *
 * A canonical fiscal code (16 characters, or 11 digits for a company) is packed at 6 bits a character into
 * four 32-bit words, so keys are compared exactly. Names are kept as two independent 32-bit hashes (64 bits):
 * enough to notice that a later row carries another name for the same citizen.
 */
const CHARS_PER_WORD = 5;

function charValue(code: string, i: number): number {
  if (i >= code.length) return 0;
  const c = code.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 47; // '0'..'9' → 1..10
  if (c >= 65 && c <= 90) return c - 54; // 'A'..'Z' → 11..36
  throw new Error(`not a canonical fiscal code: ${JSON.stringify(code.slice(0, 20))}`);
}

function word(code: string, from: number): number {
  let w = 0;
  for (let i = from; i < from + CHARS_PER_WORD; i++) w = w * 64 + charValue(code, i);
  return w >>> 0;
}

/** FNV-1a and a multiplicative hash with another seed and prime: two independent 32-bit views of a name. */
function nameHashes(name: string | null): [number, number] {
  if (name === null) return [0, 0];
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  // Never (0, 0): that pair means "no name".
  return [a >>> 0, (b | 1) >>> 0];
}

/** The key's four words (w3 = 64 + the 16th character's value: never 0, so 0 marks a free slot), the name hashes. */
const COLUMNS = ['w0', 'w1', 'w2', 'w3', 'n1', 'n2'] as const;
type Columns = Record<(typeof COLUMNS)[number], Uint32Array>;

const columns = (capacity: number): Columns =>
  Object.fromEntries(COLUMNS.map((k) => [k, new Uint32Array(capacity)])) as Columns;

export class CitizenSlots {
  private c: Columns;
  /** Rowids; negative for a citizen the cache held before the load (see BulkPositionsWriter). */
  private ids: Int32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.c = columns(capacity);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Where `code` is, or the free slot where it would go: read it with idAt, fill it with add. */
  slot(code: string): number {
    return this.find(word(code, 0), word(code, 5), word(code, 10), 64 + charValue(code, 15));
  }

  /** The rowid stored at `slot`, or 0 when the slot is free. */
  idAt(slot: number): number {
    return this.ids[slot]!;
  }

  /** Fills the free `slot` that `slot(code)` returned; any other slot number from before is void after. */
  add(slot: number, code: string, id: number, name: string | null): void {
    if (id === 0) throw new Error('citizen rowid 0');
    const c = this.c;
    c.w0[slot] = word(code, 0);
    c.w1[slot] = word(code, 5);
    c.w2[slot] = word(code, 10);
    c.w3[slot] = 64 + charValue(code, 15);
    this.ids[slot] = id;
    this.setName(slot, name);
    if (++this.count * 4 > c.w3.length * 3) this.grow();
  }

  /** False when `name` is not the one last recorded at `slot`. */
  sameName(slot: number, name: string | null): boolean {
    const [a, b] = nameHashes(name);
    return this.c.n1[slot] === a && this.c.n2[slot] === b;
  }

  setName(slot: number, name: string | null): void {
    const [a, b] = nameHashes(name);
    this.c.n1[slot] = a;
    this.c.n2[slot] = b;
  }

  private find(a: number, b: number, c: number, d: number): number {
    const { w0, w1, w2, w3 } = this.c;
    const mask = w3.length - 1;
    let i = (Math.imul(a ^ Math.imul(b ^ Math.imul(c, 0x27d4eb2f), 0x9e3779b1), 0x85ebca6b) ^ d) & mask;
    for (;;) {
      const at = w3[i]!;
      if (at === 0) return i;
      if (at === d && w0[i] === a && w1[i] === b && w2[i] === c) return i;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.c;
    const oldIds = this.ids;
    this.c = columns(old.w3.length * 2);
    this.ids = new Int32Array(old.w3.length * 2);
    for (let i = 0; i < old.w3.length; i++) {
      if (old.w3[i] === 0) continue;
      const j = this.find(old.w0[i]!, old.w1[i]!, old.w2[i]!, old.w3[i]!);
      for (const k of COLUMNS) this.c[k][j] = old[k][i]!;
      this.ids[j] = oldIds[i]!;
    }
  }
}
