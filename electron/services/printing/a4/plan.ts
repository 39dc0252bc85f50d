import type { NoticeDocument, NoticePayment } from '../../../../core/notice/document';

/**
 * Which payment bands go on which page: the models' rules, kept apart from drawing so they can be tested
 * alone.
 * - single payment: its band, then the postal slip when the creditor has one;
 * - Codice della Strada fine: the discounted and the reduced amount, on one page, or one page each when
 *   each carries a postal slip (the variant asks two pages);
 * - instalments: bands of 3 when the count divides by 3, else of 2 when it divides by 2, else of 3 (the
 *   same module repeated, never two modules on one sheet); each band followed by its postal band;
 * - 9 instalments or more without postal slips: the "molte rate" model, compact cells 3 to a row.
 */
export type Band =
  | {
      readonly kind: 'single';
      readonly payment: NoticePayment;
      readonly tier: 'discounted' | 'reduced' | null;
    }
  | { readonly kind: 'postal-single'; readonly payment: NoticePayment }
  | { readonly kind: 'instalments'; readonly columns: 2 | 3; readonly payments: readonly NoticePayment[] }
  | {
      readonly kind: 'postal-instalments';
      readonly columns: 2 | 3;
      readonly payments: readonly NoticePayment[];
    }
  | { readonly kind: 'compact'; readonly payments: readonly NoticePayment[] };

/** Heights in mm, fixed per band kind so that pages can be planned before anything is drawn. */
export const BAND_MM: Record<Band['kind'], number> = {
  single: 58,
  'postal-single': 70,
  instalments: 88,
  'postal-instalments': 92,
  compact: 50,
};

/** The strip above compact rows ("molte rate"), drawn once per page. */
export const STRIP_MM = 24;

export const MANY_INSTALMENTS = 9;

export function columnsFor(n: number): 2 | 3 {
  if (n % 3 === 0) return 3;
  if (n % 2 === 0) return 2;
  return 3;
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** The page list: the first page has the notice's information modules above its bands. */
export function planPages(doc: NoticeDocument, firstPageRoomMm: number, otherPageRoomMm: number): Band[][] {
  const singles = doc.payments.filter((p) => p.kind === 'single');
  const instalments = doc.payments.filter((p) => p.kind === 'instalment');
  const postal = doc.payments.some((p) => p.postal);
  const bandGroups: Band[][] = [];
  for (const p of singles) {
    const tier = doc.fine ? (doc.fine.discounted === p.optionId ? 'discounted' : 'reduced') : null;
    const g: Band[] = [{ kind: 'single', payment: p, tier }];
    if (p.postal) g.push({ kind: 'postal-single', payment: p });
    bandGroups.push(g);
  }
  if (instalments.length >= MANY_INSTALMENTS && !postal) {
    for (const row of chunk(instalments, 3)) bandGroups.push([{ kind: 'compact', payments: row }]);
  } else if (instalments.length > 0) {
    const columns = columnsFor(instalments.length);
    for (const group of chunk(instalments, columns)) {
      const g: Band[] = [{ kind: 'instalments', columns, payments: group }];
      if (postal) g.push({ kind: 'postal-instalments', columns, payments: group });
      bandGroups.push(g);
    }
  }
  const pages: Band[][] = [[]];
  let room = firstPageRoomMm;
  // A fine with postal slips: one page per amount, as the variant asks.
  const pagePerGroup = doc.fine !== null && postal;
  for (const g of bandGroups) {
    let need = g.reduce((s, b) => s + BAND_MM[b.kind], 0);
    let current = pages[pages.length - 1]!;
    const strip = (page: Band[]) => g[0]!.kind === 'compact' && !page.some((b) => b.kind === 'compact');
    if (strip(current)) need += STRIP_MM;
    const full = need > room && (current.length > 0 || pages.length === 1);
    if (full || (current.length > 0 && pagePerGroup)) {
      pages.push([]);
      room = otherPageRoomMm;
      current = pages[pages.length - 1]!;
      need = g.reduce((s, b) => s + BAND_MM[b.kind], 0) + (strip(current) ? STRIP_MM : 0);
    }
    pages[pages.length - 1]!.push(...g);
    room -= need;
  }
  return pages;
}
