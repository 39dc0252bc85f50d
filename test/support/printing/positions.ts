import type { PaymentOption, Position } from '../../../core/contract/domains/positions';
import { buildNoticeNumber } from '../../../core/notice-number';

/** A valid aux-3 NAV (segregation code 01) from a small serial number. */
export function navFor(serial: number): string {
  const r = buildNoticeNumber({
    auxDigit: 3,
    segregationCode: '01',
    iuvBase: String(serial).padStart(13, '0'),
  });
  if (!r.ok) throw new Error('bad serial');
  return r.value.nav;
}

/** Comune di Milano's fiscal code: a real, valid 11-digit code, as the QR payload needs. */
export const EC_FISCAL_CODE = '01199250158';

export function option(over: Partial<PaymentOption> & { id: string; nav: string }): PaymentOption {
  return {
    iuv: over.nav.slice(1),
    amount: 102099,
    dueDate: '2025-07-31',
    kind: 'single',
    planSize: 1,
    index: null,
    status: 'unpaid',
    backendStatus: null,
    payable: true,
    notPayableReason: null,
    description: null,
    ...over,
  };
}

/**
 * A position with a single payment (1.020,99 €) and a plan of three instalments, accented names and
 * a subject in capitals, as backends send them.
 */
export function positionFixture(over: Partial<Position> = {}): Position {
  return {
    id: 'demo:TARI-2025-001',
    connector: 'demo',
    backendId: 'TARI-2025-001',
    creditor: {
      fiscalCode: EC_FISCAL_CODE,
      name: 'Comune di Sant’Agata Militello',
      ipaCode: 'c_i199',
      cbill: 'AB12C',
      sector: 'Servizio Tributi',
      info: 'Via Roma 1 · 98076 Sant’Agata · tributi@comune.example.it',
    },
    debtor: { fiscalCode: 'RSSMRA85T10A562S', kind: 'F', name: 'Niccolò Àlvarez D’Urso' },
    subject: 'TARI 2025 - TASSA RIFIUTI UTENZA DOMESTICA - SALDO',
    status: 'payable',
    backendStatus: null,
    options: [
      option({ id: 'opt-single', nav: navFor(1) }),
      option({
        id: 'opt-r1',
        nav: navFor(2),
        amount: 34033,
        kind: 'instalment',
        planSize: 3,
        index: 1,
        dueDate: '2025-05-31',
      }),
      option({
        id: 'opt-r2',
        nav: navFor(3),
        amount: 34033,
        kind: 'instalment',
        planSize: 3,
        index: 2,
        dueDate: '2025-07-31',
      }),
      option({
        id: 'opt-r3',
        nav: navFor(4),
        amount: 34033,
        kind: 'instalment',
        planSize: 3,
        index: 3,
        dueDate: '2025-09-30',
      }),
    ],
    fetchedAt: '2025-06-15T08:00:00.000Z',
    ...over,
  };
}

export const POSTAL = { postalAccount: '1234567', authorisation: 'AUT. DB/SISB/E 12345 DEL 01/02/2020' };
