import type { NoticeField, NoticeWarning } from './document';

/** Spec limits (Avvisi 3.1) for the descriptive fields. Codes and amounts have no "limit": they are exact or refused. */
export const LIMITS: Readonly<Record<NoticeField, number>> = {
  creditorName: 50,
  creditorSector: 50,
  creditorInfo: 100,
  recipientName: 70,
  subject: 90,
};

const ELLIPSIS = '...';

/**
 * The over-long rule. Descriptive text (creditor name, sector, info, recipient name, subject) longer than the
 * spec's limit is shortened at the last word boundary that fits and ends with "..." — visibly shortened,
 * never silently — and the notice carries a warning the desk shows before printing. Whitespace runs collapse
 * first. Codes (NAV, fiscal codes, CBILL) and amounts are never shortened: the composer refuses them instead.
 * Outputs wrap long lines onto several; they never cut.
 */
export function fitText(field: NoticeField, raw: string, warnings: NoticeWarning[]): string {
  const text = raw.replace(/\s+/g, ' ').trim();
  const limit = LIMITS[field];
  if (text.length <= limit) return text;
  warnings.push({ field, limit, length: text.length });
  const room = text.slice(0, limit - ELLIPSIS.length);
  const cut = room.lastIndexOf(' ');
  // A single word longer than a third of the room is cut inside the word rather than leaving little text.
  const kept = cut > room.length / 3 ? room.slice(0, cut) : room;
  return kept.replace(/[\s,.;:-]+$/, '') + ELLIPSIS;
}

/**
 * Sentence case, as the spec asks for the subject: applied only to text written all in capitals (as many
 * backends store it). Mixed-case text is the creditor's own wording and is kept.
 */
export function sentenceCase(text: string): string {
  const hasLower = /\p{Ll}/u.test(text);
  const hasUpper = /\p{Lu}/u.test(text);
  if (hasLower || !hasUpper) return text;
  const lower = text.toLocaleLowerCase('it-IT');
  const first = lower.search(/\p{L}/u);
  return first < 0
    ? lower
    : lower.slice(0, first) + lower.charAt(first).toLocaleUpperCase('it-IT') + lower.slice(first + 1);
}

/** `2025-06-30` → `30/06/2025`. */
export function italianDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
