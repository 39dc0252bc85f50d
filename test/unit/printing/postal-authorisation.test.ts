import { describe, expect, it } from 'vitest';
import { normalisePostalAuthorisation } from '../../../core/notice/postal-authorisation';

describe('Poste print authorisation forms (issue 20)', () => {
  it.each([
    ['AUT. DB/SISB/E 12345 DEL 01/02/2020', 'AUT. DB/SISB/E 12345 DEL 01/02/2020'],
    ['AUT/2025/123456', 'AUT. 2025/123456'],
    ['Aut. DB/SSIC/E 12345 del 01/02/2020', 'AUT. DB/SSIC/E 12345 DEL 01/02/2020'],
    ['DB/SSIC/E  12345   DEL 01/02/2020', 'AUT. DB/SSIC/E 12345 DEL 01/02/2020'],
    ['Autorizzazione: DB/CN/E 987 del 3/4/2019', 'AUT. DB/CN/E 987 DEL 3/4/2019'],
    ['AUT 123456', 'AUT. 123456'],
  ])('%s → %s', (input, printed) => {
    expect(normalisePostalAuthorisation(input)).toEqual({ ok: true, value: printed });
  });

  it.each([
    ['', 'EMPTY'],
    ['AUT.', 'EMPTY'],
    ['AUT. DB/SISB/E', 'NO_DIGITS'],
    ['AUT. 2025/123456 <script>', 'CHARACTERS'],
    ['AUT. 12345 DEL 01/02/2020 ÈÈ', 'CHARACTERS'],
    [`AUT. ${'1'.repeat(70)}`, 'LENGTH'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(normalisePostalAuthorisation(input)).toMatchObject({ ok: false, reason });
  });
});
