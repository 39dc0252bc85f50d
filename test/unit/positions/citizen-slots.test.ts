import { describe, expect, it } from 'vitest';
import { CitizenSlots } from '../../../electron/store/positions/citizen-slots';
import { citizenCode } from '../../support/fake-backends/data';

describe('CitizenSlots (fiscal code → rowid for a bulk load)', () => {
  it('finds every code it was given, across many growths, and no other', () => {
    const slots = new CitizenSlots(4);
    const codes = Array.from({ length: 20_000 }, (_, i) => citizenCode(i));
    codes.forEach((c, i) => {
      const at = slots.slot(c);
      expect(slots.idAt(at)).toBe(0);
      slots.add(at, c, i + 1, null);
    });
    expect(slots.size).toBe(codes.length);
    codes.forEach((c, i) => expect(slots.idAt(slots.slot(c))).toBe(i + 1));
    expect(slots.idAt(slots.slot(citizenCode(20_000)))).toBe(0);
  });

  it('tells codes apart that differ only in the last character, and company codes from personal ones', () => {
    const slots = new CitizenSlots();
    const pairs: [string, number][] = [
      ['RSSMRA80A01H501U', 1],
      ['RSSMRA80A01H501V', 2],
      ['00000000001', 3],
      ['00000000010', 4],
      ['RSSMRA80A01H501', 5],
    ];
    for (const [code, id] of pairs) slots.add(slots.slot(code), code, id, null);
    for (const [code, id] of pairs) expect(slots.idAt(slots.slot(code))).toBe(id);
  });

  it('notices a different name, and treats "no name" as a name of its own', () => {
    const slots = new CitizenSlots();
    const at = slots.slot('RSSMRA80A01H501U');
    slots.add(at, 'RSSMRA80A01H501U', 1, 'Mario Rossi');
    expect(slots.sameName(at, 'Mario Rossi')).toBe(true);
    expect(slots.sameName(at, 'Mario Rosso')).toBe(false);
    expect(slots.sameName(at, null)).toBe(false);
    slots.setName(at, 'Mario Rosso');
    expect(slots.sameName(at, 'Mario Rosso')).toBe(true);
  });

  it('refuses what is not a canonical fiscal code rather than guessing', () => {
    const slots = new CitizenSlots();
    expect(() => slots.slot('rssmra80a01h501u')).toThrow(/canonical/);
    expect(() => slots.slot('RSSMRA80A01H501Ü')).toThrow(/canonical/);
  });
});
