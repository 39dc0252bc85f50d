import { AppError } from '../../../core/contract/errors';
import type { DecodedFiscalCode, NoticeNumberInfo } from '../../../core/contract/domains/fiscal';
import { parseFiscalCode } from '../../../core/fiscal-code';
import type { BirthplaceResolver } from '../../../core/fiscal-code/birthplace';
import { formatNoticeNumber, parseNoticeNumber } from '../../../core/notice-number';

/** Decodes a typed fiscal code; a bad one becomes INVALID_INPUT carrying the rule that failed. */
export function decodeFiscalCode(
  raw: string,
  today: string,
  resolveBirthplace: BirthplaceResolver,
): DecodedFiscalCode {
  const r = parseFiscalCode(raw, { today });
  if (!r.ok) throw new AppError('INVALID_INPUT', { field: 'fiscalCode', reason: r.reason, ...r.detail });
  if (r.value.kind === 'legal') return { kind: 'legal', code: r.value.code };
  const p = r.value.person;
  return {
    kind: 'person',
    code: p.code,
    canonical: p.canonical,
    omocodic: p.omocodic,
    birthDate: p.birthDate,
    sex: p.sex,
    belfiore: p.belfiore,
    foreignBorn: p.foreignBorn,
    birthplace: resolveBirthplace(p.belfiore, p.birthDate),
  };
}

export function describeNoticeNumber(raw: string): NoticeNumberInfo {
  const r = parseNoticeNumber(raw);
  if (!r.ok) throw new AppError('INVALID_INPUT', { field: 'nav', reason: r.reason, ...r.detail });
  const n = r.value;
  return {
    nav: n.nav,
    formatted: formatNoticeNumber(n.nav),
    auxDigit: n.auxDigit,
    applicationCode: n.applicationCode,
    segregationCode: n.segregationCode,
    iuv: n.iuv,
    checkDigits: n.checkDigits,
  };
}
