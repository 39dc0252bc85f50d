import { describe, expect, it } from 'vitest';
import { validateImportRow, type ImportColumn } from '../../../core/positions/import-row';
import { CsvReader } from '../../../electron/connectors/file/csv';
import { navFor, EC } from '../../support/fake-backends/data';

const base: Partial<Record<ImportColumn, string>> = {
  nav: navFor(1).nav,
  ec_fiscal_code: EC.fiscalCode,
  ec_name: 'Comune',
  debtor_fiscal_code: 'RSSMRA80A01H50MM',
  subject: 'TARI',
  amount: '12,5',
  due_date: '31/12/2025',
};
const row = (over: Partial<Record<ImportColumn, string>>) =>
  validateImportRow((c) => ({ ...base, ...over })[c] ?? '', '2025-06-01');

describe('import row rules', () => {
  it('normalises a valid row: the fiscal code exactly as issued (omocodia kept), exact cents, ISO date', () => {
    const r = row({});
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toMatchObject({
      debtorFiscalCode: 'RSSMRA80A01H50MM',
      amount: 1250,
      dueDate: '2025-12-31',
    });
    expect(r.value.positionKey).toBe(base.nav);
    expect(r.value.instalment).toBeNull();
  });

  it.each([
    [{ nav: '301000000000000099' }, 'NAV'],
    [{ ec_fiscal_code: '12345678901' }, 'EC_FISCAL_CODE'],
    [{ debtor_fiscal_code: 'RSSMRA80A01H501X' }, 'DEBTOR_FISCAL_CODE'],
    [{ amount: '1.234,50' }, 'AMOUNT'],
    [{ amount: '12.345' }, 'AMOUNT'],
    [{ amount: '-1' }, 'AMOUNT'],
    [{ amount: '0,00' }, 'AMOUNT'],
    [{ amount: '0' }, 'AMOUNT'],
    [{ debtor_fiscal_code: 'R\u017f\u017fMRA80A01H501U' }, 'DEBTOR_FISCAL_CODE'],
    [{ due_date: '2025-02-30' }, 'DUE_DATE'],
    [{ plan_size: '3' }, 'PLAN'],
    [{ plan_size: '3', instalment: '4', position_id: 'X' }, 'PLAN'],
    [{ plan_size: '3', instalment: '1' }, 'MISSING'],
    [{ status: 'boh' }, 'STATUS'],
    [{ subject: '' }, 'MISSING'],
  ])('refuses %o as %s', (over, reason) => {
    const r = row(over);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });
});

describe('csv reader', () => {
  it('reads quotes, doubled quotes, newlines in quotes, CRLF, and chunk boundaries anywhere', () => {
    const text = 'a;b;c\r\n1;"x;""y""";"multi\nline"\r\n2;;last\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const got: [string[], number][] = [];
      const r = new CsvReader((f, l) => got.push([f, l]));
      r.push(text.slice(0, cut));
      r.push(text.slice(cut));
      expect(r.end()).toBe(true);
      expect(got).toEqual([
        [['a', 'b', 'c'], 1],
        [['1', 'x;"y"', 'multi\nline'], 2],
        [['2', '', 'last'], 4],
      ]);
    }
  });

  it('reads the same records when every character arrives in a chunk of its own', () => {
    const text = 'a;b;c\r\n"";"""";"q""\n""x"\r\n"";;""\n';
    const got: [string[], number][] = [];
    const r = new CsvReader((f, l) => got.push([f, l]));
    for (const ch of text) r.push(ch);
    expect(r.end()).toBe(true);
    expect(got).toEqual([
      [['a', 'b', 'c'], 1],
      [['', '"', 'q"\n"x'], 2],
      [['', '', ''], 4],
    ]);
  });

  it('detects a comma delimiter and an unterminated quote', () => {
    const got: string[][] = [];
    const r = new CsvReader((f) => got.push(f));
    r.push('a,b\n1,"open');
    expect(r.end()).toBe(false);
    expect(got).toEqual([['a', 'b']]);
  });
});
