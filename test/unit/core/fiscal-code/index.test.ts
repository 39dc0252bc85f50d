import { describe, it, expect } from 'vitest';
import { parseFiscalCode } from '../../../../core/fiscal-code/index';

describe('parseFiscalCode', () => {
  it('reads 11 digits as a legal entity', () => {
    expect(parseFiscalCode(' 01199250158 ')).toEqual({
      ok: true,
      value: { kind: 'legal', code: '01199250158' },
    });
  });

  it('reports a bad 11-digit code as CHECK_DIGIT', () => {
    expect(parseFiscalCode('01199250159')).toEqual({
      ok: false,
      reason: 'CHECK_DIGIT',
      detail: { expected: '8', found: '9' },
    });
  });

  it('reads anything else as a personal code', () => {
    const r = parseFiscalCode('cntchr83t41d969d', { today: '2025-06-15' });
    expect(r.ok && r.value.kind).toBe('person');
    expect(r.ok && r.value.kind === 'person' && r.value.person).toMatchObject({
      code: 'CNTCHR83T41D969D',
      birthDate: '1983-12-01',
      sex: 'F',
    });
  });

  it('speaks of personal-code reasons for other shapes', () => {
    expect(parseFiscalCode('')).toEqual({ ok: false, reason: 'EMPTY' });
    expect(parseFiscalCode('011992501580')).toEqual({ ok: false, reason: 'LENGTH', detail: { length: 12 } });
    expect(parseFiscalCode('RSSMRA80A01H501X')).toMatchObject({ reason: 'CHECK_CHARACTER' });
  });

  it('passes today through to the century rule', () => {
    const r = parseFiscalCode('RSSMRA80A01H501U', { today: '2079-12-31' });
    expect(r.ok && r.value.kind === 'person' && r.value.person.birthDate).toBe('1980-01-01');
    const later = parseFiscalCode('RSSMRA80A01H501U', { today: '2080-01-01' });
    expect(later.ok && later.value.kind === 'person' && later.value.person.birthDate).toBe('2080-01-01');
  });
});
