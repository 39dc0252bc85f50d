import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '../../../renderer/src/i18n';
import { errorText } from '../../../renderer/src/i18n/error-text';

afterEach(() => {
  i18n.global.locale.value = 'it';
});

/**
 * A refusal with a reason the clerk can act on gets its own sentence: an expired supervisor's approval must not
 * read "your role does not allow this" (issue 18: the print dialog said so after ten minutes).
 */
describe('the clerk’s sentence for a refusal', () => {
  it.each([
    ['it', 'APPROVAL_EXPIRED', /scaduta \(vale 10 minuti\)/],
    ['it', 'APPROVAL_INVALID', /non copre queste scelte/],
    ['en', 'APPROVAL_EXPIRED', /has expired \(it lasts 10 minutes\)/],
    ['en', 'APPROVAL_INVALID', /does not cover these choices/],
  ] as const)('%s FORBIDDEN/%s', (lang, reason, want) => {
    i18n.global.locale.value = lang;
    expect(errorText({ code: 'FORBIDDEN', details: { required: 'supervisor', reason } })).toMatch(want);
  });

  it('keeps the code’s own sentence for a reason it has none for, and for no reason', () => {
    expect(errorText({ code: 'FORBIDDEN', details: { required: 'supervisor', reason: 'OTHER' } })).toBe(
      'Il tuo ruolo non consente questa operazione: chiedi a un responsabile.',
    );
    expect(errorText({ code: 'FORBIDDEN' })).toBe(
      'Il tuo ruolo non consente questa operazione: chiedi a un responsabile.',
    );
  });
});
