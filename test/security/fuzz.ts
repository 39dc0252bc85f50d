/** A small seeded generator (mulberry32): a failing fuzz case is replayed from its seed, on any machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

const STRINGS = [
  '',
  ' ',
  'RSSMRA80A01H501U',
  'RſſMRA80A01H501U',
  '301000000000012373',
  '../../etc/passwd',
  '/dev/zero',
  '\u0000',
  '\ud800',
  '<script>alert(1)</script>',
  "'; DROP TABLE audit_log; --",
  'preview',
  'banco',
  '__proto__',
  'constructor',
  'x'.repeat(70_000),
];

export function randomValue(r: () => number, depth = 0): unknown {
  switch (Math.floor(r() * (depth > 3 ? 7 : 9))) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return pick(r, [0, -1, 1, 2 ** 53, -(2 ** 53) - 2, 1.5, Number.MAX_VALUE, 1e-300, -0]);
    case 3:
      return pick(r, STRINGS);
    case 4:
      return String.fromCharCode(
        ...Array.from({ length: Math.floor(r() * 40) }, () => Math.floor(r() * 0xffff)),
      );
    case 5:
      return undefined;
    case 6:
      return Math.floor(r() * 1000);
    case 7:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = 0; i < Math.floor(r() * 4); i++)
        o[pick(r, ['a', 'id', 'code', 'desk', 'printer', '__proto__', 'x'])] = randomValue(r, depth + 1);
      return o;
    }
  }
}

/** One mutation of a valid payload: a leaf replaced, a key removed or added, or the whole payload replaced. */
export function mutate(r: () => number, seed: unknown): unknown {
  const copy: unknown = seed === undefined ? undefined : structuredClone(seed);
  const roll = r();
  if (roll < 0.15 || copy === null || typeof copy !== 'object') return randomValue(r);
  const paths: (string | number)[][] = [];
  const walk = (v: unknown, path: (string | number)[]) => {
    if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        paths.push([...path, Array.isArray(v) ? Number(k) : k]);
        walk(child, [...path, Array.isArray(v) ? Number(k) : k]);
      }
    }
  };
  walk(copy, []);
  const target = paths.length > 0 ? pick(r, paths) : [];
  let parent: Record<string | number, unknown> = copy as Record<string, unknown>;
  for (const k of target.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = target.at(-1);
  if (last === undefined || roll < 0.25) {
    parent[pick(r, ['extra', '__proto__', 'constructor', 'id'])] = randomValue(r);
  } else if (roll < 0.4) {
    delete parent[last];
  } else {
    parent[last] = randomValue(r);
  }
  return copy;
}
