import { belfioreConnector } from '@marketto/belfiore-connector-embedded';
import { beforeAll, describe, it, expect } from 'vitest';
import {
  createBirthplaceResolver,
  recordsFromBelfiorePlaces,
  type BirthplaceResolver,
} from '../../../../core/fiscal-code/birthplace';

// The real ANPR/ISTAT dataset the desk loads, indexed by the code under test.
let resolveBirthplace: BirthplaceResolver;
beforeAll(async () => {
  resolveBirthplace = createBirthplaceResolver(recordsFromBelfiorePlaces(await belfioreConnector.toArray()));
});
import { parsePersonalFiscalCode } from '../../../../core/fiscal-code/personal';

describe('resolveBirthplace', () => {
  it.each([
    ['H501', 'Roma', 'RM'],
    ['D969', 'Genova', 'GE'],
    ['F205', 'Milano', 'MI'],
    ['A010', 'Abbiategrasso', 'MI'],
  ])('%s is %s (%s)', (code, name, province) => {
    expect(resolveBirthplace(code, '1980-01-01')).toEqual({ code, name, province, country: false });
  });

  it('resolves a Z code to a country without province', () => {
    expect(resolveBirthplace('Z404', '1990-05-05')).toEqual({
      code: 'Z404',
      name: "Stati Uniti d'America",
      province: null,
      country: true,
    });
  });

  it('resolves a decoded fiscal code end to end', () => {
    const person = parsePersonalFiscalCode('CNTCHR83T41D969D', { today: '2025-06-15' });
    expect(person.ok).toBe(true);
    if (!person.ok) return;
    expect(resolveBirthplace(person.value.belfiore, person.value.birthDate)?.name).toBe('Genova');
  });

  it('folds omocodia letters and case in the code', () => {
    expect(resolveBirthplace('DVSV', '1983-12-01')?.code).toBe('D969');
    expect(resolveBirthplace('h5lm', '1980-01-01')?.name).toBe('Roma');
  });

  it('returns null for an unknown code or a malformed date', () => {
    expect(resolveBirthplace('H000', '1980-01-01')).toBeNull();
    expect(resolveBirthplace('H501', '01/01/1980')).toBeNull();
    expect(resolveBirthplace('', '1980-01-01')).toBeNull();
  });

  describe('against the birth date', () => {
    it('a country that ceased to exist: Soviet Union until 1992-01-01', () => {
      expect(resolveBirthplace('Z135', '1980-01-01')?.name).toBe('Unione Sovietica');
      expect(resolveBirthplace('Z135', '1992-01-01')?.name).toBe('Unione Sovietica');
      expect(resolveBirthplace('Z135', '1992-01-02')).toBeNull();
    });

    it('a merged municipality: Abetone until 2017-01-01 (bounds inclusive)', () => {
      expect(resolveBirthplace('A012', '2000-01-01')?.name).toBe('Abetone');
      expect(resolveBirthplace('A012', '2017-01-01')?.name).toBe('Abetone');
      expect(resolveBirthplace('A012', '2017-01-02')).toBeNull();
    });

    it('a new municipality: Valsamoggia from 2014-01-01 (bounds inclusive)', () => {
      expect(resolveBirthplace('M320', '2014-01-01')?.province).toBe('BO');
      expect(resolveBirthplace('M320', '2013-12-31')).toBeNull();
      expect(resolveBirthplace('M320', '1990-01-01')).toBeNull();
    });

    it('births up to 1978-09-29 may carry a code younger than the person', () => {
      expect(resolveBirthplace('M320', '1978-09-29')?.name).toBe('Valsamoggia');
      expect(resolveBirthplace('M320', '1978-09-30')).toBeNull();
    });

    it('but never a code that had expired before the birth', () => {
      expect(resolveBirthplace('A063', '1920-01-01')?.name).toBe('Affori');
      expect(resolveBirthplace('A063', '1950-01-01')).toBeNull();
    });
  });
});

describe('createBirthplaceResolver', () => {
  it('tells apart a code reused for two places by the birth date', () => {
    const resolve = createBirthplaceResolver([
      { code: 'X001', name: 'Later', province: 'BB', validFrom: '1990-01-01', validTo: null },
      { code: 'X001', name: 'Earlier', province: 'AA', validFrom: '1900-01-01', validTo: '1989-12-31' },
    ]);
    expect(resolve('X001', '1985-01-01')).toEqual({
      code: 'X001',
      name: 'Earlier',
      province: 'AA',
      country: false,
    });
    expect(resolve('X001', '1995-01-01')?.name).toBe('Later');
  });
});

describe('recordsFromBelfiorePlaces', () => {
  // The shape @marketto/belfiore-connector-embedded 1.2.1 returns from findByCode / toArray.
  const places = [
    {
      belfioreCode: 'H501',
      name: 'Roma',
      province: 'RM',
      creationDate: new Date('1884-09-11T00:00:00.000Z'),
      expirationDate: new Date('9999-12-31T23:59:59.999Z'),
    },
    {
      belfioreCode: 'Z135',
      name: 'Unione Sovietica',
      creationDate: new Date('1861-01-01T00:00:00.000Z'),
      expirationDate: new Date('1992-01-01T23:59:59.999Z'),
    },
  ];

  it('turns open-ended 9999 expirations into null and keeps day precision', () => {
    expect(recordsFromBelfiorePlaces(places)).toEqual([
      { code: 'H501', name: 'Roma', province: 'RM', validFrom: '1884-09-11', validTo: null },
      {
        code: 'Z135',
        name: 'Unione Sovietica',
        province: null,
        validFrom: '1861-01-01',
        validTo: '1992-01-01',
      },
    ]);
  });

  it('feeds a resolver that behaves like the built-in one', () => {
    const resolve = createBirthplaceResolver(recordsFromBelfiorePlaces(places));
    for (const [code, date] of [
      ['H501', '1980-01-01'],
      ['Z135', '1980-01-01'],
      ['Z135', '2000-01-01'],
    ] as const) {
      expect(resolve(code, date)).toEqual(resolveBirthplace(code, date));
    }
  });
});
