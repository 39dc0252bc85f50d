/**
 * The NAVs seen in one import file, to refuse duplicates. A NAV is 18 digits: two 9-digit halves fit in two
 * 32-bit words exactly, so an open-addressing table over typed arrays holds a million of them in ~16 MB
 * (a Set of strings takes several times that, all of it on the garbage-collected heap).
 */
export class NavSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
  }

  /**
   * Sized for a file of `bytes`: no row is much shorter than 64 bytes, so the table starts big enough for
   * all of its NAVs instead of rehashing them at every doubling on the way (~0.1 s for a million).
   */
  static forFileOf(bytes: number): NavSet {
    const rows = Math.max(1 << 16, Math.min(1 << 24, bytes / 64));
    return new NavSet(2 ** Math.floor(Math.log2(rows)));
  }

  get size(): number {
    return this.count;
  }

  /** Adds `nav` (exactly 18 ASCII digits, as validated). Returns false when it was already there. */
  add(nav: string): boolean {
    // +1: a zero word marks an empty slot.
    const h = Number(nav.slice(0, 9)) + 1;
    const l = Number(nav.slice(9, 18));
    if (!this.insert(h, l)) return false;
    if (++this.count * 2 > this.hi.length) this.grow();
    return true;
  }

  has(nav: string): boolean {
    const h = Number(nav.slice(0, 9)) + 1;
    const l = Number(nav.slice(9, 18));
    const mask = this.hi.length - 1;
    for (let i = this.slot(h, l); this.hi[i] !== 0; i = (i + 1) & mask)
      if (this.hi[i] === h && this.lo[i] === l) return true;
    return false;
  }

  private slot(h: number, l: number): number {
    return (Math.imul(h ^ Math.imul(l, 0x9e3779b1), 0x85ebca6b) >>> 0) & (this.hi.length - 1);
  }

  private insert(h: number, l: number): boolean {
    const mask = this.hi.length - 1;
    let i = this.slot(h, l);
    for (;;) {
      const at = this.hi[i]!;
      if (at === 0) {
        this.hi[i] = h;
        this.lo[i] = l;
        return true;
      }
      if (at === h && this.lo[i] === l) return false;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const { hi, lo } = this;
    this.hi = new Uint32Array(hi.length * 2);
    this.lo = new Uint32Array(lo.length * 2);
    for (let i = 0; i < hi.length; i++) if (hi[i] !== 0) this.insert(hi[i]!, lo[i]!);
  }
}
