import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeNotice, fitText, LIMITS, sentenceCase } from '../../../core/notice';
import { WHERE_TO_PAY_APP_TEXT, WHERE_TO_PAY_TERRITORY_TEXT } from '../../../core/notice/texts';
import { parsePagoPaQrPayload } from '../../../core/payloads/pagopa-qr';
import { parsePosteDataMatrixPayload } from '../../../core/payloads/poste-datamatrix';
import { EC_FISCAL_CODE, POSTAL, navFor, option, positionFixture } from '../../support/printing/positions';

describe('composeNotice', () => {
  it('builds every module of the spec for a single payment', () => {
    const r = composeNotice({ position: positionFixture(), optionIds: ['opt-single'] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const d = r.value;
    expect(d.title).toBe('AVVISO DI PAGAMENTO');
    expect(d.creditor).toMatchObject({
      fiscalCode: EC_FISCAL_CODE,
      cbill: 'AB12C',
      name: 'Comune di Sant’Agata Militello',
    });
    expect(d.recipient).toEqual({ name: 'Niccolò Àlvarez D’Urso', fiscalCode: 'RSSMRA85T10A562S' });
    expect(d.subject).toBe('Tari 2025 - tassa rifiuti utenza domestica - saldo');
    expect(d.amountText).toBe('1.020,99');
    expect(d.dueDate).toBe('31/07/2025');
    expect(d.whereToPay.app).toEqual({ title: "PAGA CON L'APP IO", text: WHERE_TO_PAY_APP_TEXT });
    expect(d.whereToPay.territory.text).toBe(
      'presso Banche e Sportelli ATM, negli Uffici Postali e Punti Postali, nei Bar, Edicole, Ricevitorie, Supermercati, Tabaccherie, e altri Esercenti Convenzionati.',
    );
    expect(WHERE_TO_PAY_TERRITORY_TEXT).toBe(d.whereToPay.territory.text);
    expect(d.instalmentsLine).toBeNull();
    expect(d.payments).toHaveLength(1);
    const p = d.payments[0]!;
    expect(p.navGrouped).toBe(p.nav.match(/.{1,4}/g)!.join(' '));
    expect(p.qrPayload).toBe(`PAGOPA|002|${p.nav}|${EC_FISCAL_CODE}|102099`);
    expect(parsePagoPaQrPayload(p.qrPayload).ok).toBe(true);
    expect(d.warnings).toEqual([]);
  });

  it('prints each instalment with its own NAV, QR, amount and date, and the "Puoi pagare" line', () => {
    const r = composeNotice({
      position: positionFixture(),
      optionIds: ['opt-r3', 'opt-single', 'opt-r1', 'opt-r2'],
    });
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.payments.map((p) => p.label)).toEqual([
      'RATA UNICA',
      'RATA 1 di 3',
      'RATA 2 di 3',
      'RATA 3 di 3',
    ]);
    expect(new Set(r.value.payments.map((p) => p.qrPayload)).size).toBe(4);
    expect(r.value.payments[1]).toMatchObject({ amountText: '340,33', dueDate: '31/05/2025' });
    expect(r.value.instalmentsLine).toBe('Puoi pagare per intero oppure in 3 rate');
    const onlyRates = composeNotice({
      position: positionFixture(),
      optionIds: ['opt-r1', 'opt-r2', 'opt-r3'],
    });
    if (!onlyRates.ok) throw new Error(onlyRates.reason);
    // Issue 20: the wording says what the position offers; its single payment is still payable.
    expect(onlyRates.value.instalmentsLine).toBe('Puoi pagare per intero oppure in 3 rate');
    expect(onlyRates.value.amountText).toBe('1.020,99');
    expect(onlyRates.value.dueDate).toBe('31/05/2025');
    const planOnly = positionFixture();
    const noWhole = composeNotice({
      position: { ...planOnly, options: planOnly.options.filter((o) => o.kind === 'instalment') },
      optionIds: ['opt-r2'],
    });
    if (!noWhole.ok) throw new Error(noWhole.reason);
    expect(noWhole.value.instalmentsLine).toBe('Puoi pagare in 3 rate');
    const single = planOnly.options.find((o) => o.kind === 'single')!;
    const wholePaid = composeNotice({
      position: {
        ...planOnly,
        options: planOnly.options.map((o) =>
          o === single
            ? { ...o, payable: false, status: 'expired' as const, notPayableReason: 'EXPIRED' as const }
            : o,
        ),
      },
      optionIds: ['opt-r1'],
    });
    if (!wholePaid.ok) throw new Error(wholePaid.reason);
    expect(wholePaid.value.instalmentsLine).toBe('Puoi pagare in 3 rate');
  });

  it('an instalment printed alone says the position can also be paid in full (issue 20)', () => {
    const r = composeNotice({ position: positionFixture(), optionIds: ['opt-r2'] });
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.instalmentsLine).toBe('Puoi pagare per intero oppure in 3 rate');
  });

  it('adds the Poste Data Matrix (256 characters) and the authorisation text when configured', () => {
    const r = composeNotice({ position: positionFixture(), optionIds: ['opt-single'], postal: POSTAL });
    if (!r.ok) throw new Error(r.reason);
    const postal = r.value.payments[0]!.postal!;
    expect(postal.payload).toHaveLength(256);
    expect(postal.authorisation).toBe(POSTAL.authorisation);
    const parsed = parsePosteDataMatrixPayload(postal.payload);
    expect(parsed.ok && parsed.value.amount).toBe(102099);
  });

  it('refuses what it cannot print exactly, never altering codes or amounts', () => {
    const pos = positionFixture();
    expect(composeNotice({ position: pos, optionIds: [] })).toMatchObject({
      ok: false,
      reason: 'NO_OPTIONS',
    });
    expect(composeNotice({ position: pos, optionIds: ['nope'] })).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_OPTION',
    });
    const paid = positionFixture({
      options: [
        option({ id: 'x', nav: navFor(9), payable: false, status: 'paid', notPayableReason: 'PAID' }),
      ],
    });
    expect(composeNotice({ position: paid, optionIds: ['x'] })).toMatchObject({
      ok: false,
      reason: 'NOT_PAYABLE',
    });
    const badNav = positionFixture({ options: [option({ id: 'x', nav: '301000000000012374' })] });
    expect(composeNotice({ position: badNav, optionIds: ['x'] })).toMatchObject({ ok: false, reason: 'NAV' });
    const badEc = positionFixture({ creditor: { ...pos.creditor, fiscalCode: '01199250159' } });
    expect(composeNotice({ position: badEc, optionIds: ['opt-single'] })).toMatchObject({
      ok: false,
      reason: 'EC_FISCAL_CODE',
    });
    const zero = positionFixture({ options: [option({ id: 'x', nav: navFor(9), amount: 0 })] });
    expect(composeNotice({ position: zero, optionIds: ['x'] })).toMatchObject({
      ok: false,
      reason: 'AMOUNT',
    });
    expect(
      composeNotice({
        position: pos,
        optionIds: ['opt-single'],
        postal: { ...POSTAL, authorisation: 'whatever' },
      }),
    ).toMatchObject({ ok: false, reason: 'POSTAL' });
  });

  it('shortens over-long descriptive text visibly and reports it', () => {
    const long =
      'Canone unico patrimoniale di concessione per occupazione suolo pubblico area mercatale annualità 2025 e arretrati';
    const r = composeNotice({ position: positionFixture({ subject: long }), optionIds: ['opt-single'] });
    if (!r.ok) throw new Error(r.reason);
    expect(r.value.subject.length).toBeLessThanOrEqual(90);
    expect(r.value.subject.endsWith('...')).toBe(true);
    expect(r.value.warnings).toEqual([{ field: 'subject', limit: 90, length: long.length }]);
  });
});

describe('fitText and sentenceCase', () => {
  it('never exceeds the limit and keeps short text untouched', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (s) => {
        const warnings: never[] = [];
        const out = fitText('subject', s, warnings);
        expect(out.length).toBeLessThanOrEqual(LIMITS.subject);
        if (s.replace(/\s+/g, ' ').trim().length <= LIMITS.subject)
          expect(out).toBe(s.replace(/\s+/g, ' ').trim());
      }),
    );
  });
  it('turns capitals into sentence case and leaves mixed case alone', () => {
    expect(sentenceCase('IMU 2025 ACCONTO')).toBe('Imu 2025 acconto');
    expect(sentenceCase('Retta mensa scolastica')).toBe('Retta mensa scolastica');
    expect(sentenceCase('"ÀCCONTO"')).toBe('"Àcconto"');
  });

  it('a forced selection composes expired and paid options, never a hard stop', () => {
    const pos = positionFixture({
      options: [
        option({ id: 'exp', nav: navFor(11), payable: false, notPayableReason: 'EXPIRED' }),
        option({ id: 'paid', nav: navFor(12), payable: false, status: 'paid', notPayableReason: 'PAID' }),
        option({
          id: 'gone',
          nav: navFor(13),
          payable: false,
          status: 'cancelled',
          notPayableReason: 'CANCELLED',
        }),
      ],
    });
    for (const id of ['exp', 'paid']) {
      expect(composeNotice({ position: pos, optionIds: [id] })).toMatchObject({
        ok: false,
        reason: 'NOT_PAYABLE',
      });
      const r = composeNotice({ position: pos, optionIds: [id], forced: true });
      expect(r.ok && r.value.payments.map((p) => p.optionId)).toEqual([id]);
    }
    expect(composeNotice({ position: pos, optionIds: ['gone'], forced: true })).toMatchObject({
      ok: false,
      reason: 'NOT_PAYABLE',
    });
  });
});
