/**
 * One citizen's positions, written once and rendered in each backend's own wire format, so that every
 * connector in the cache-vs-live bench carries the same debt: 5 positions, 12 payment options (two plans
 * offered with a single payment as well, one instalment already paid).
 */
import { addDays } from '../electron/services/positions/dates';
import { EC, navFor, pendenza } from '../test/support/fake-backends/data';
import type { FakeGpdPosition } from '../test/support/fake-backends/gpd';
import type { FakePendenza } from '../test/support/fake-backends/govpay';
import { HEADER } from '../test/support/fake-backends/import-files';
import type { FakeDovuto } from '../test/support/fake-backends/mypay';

export const CITIZEN = 'RSSMRA80A01H501U';
const NAME = 'Mario Rossi';

interface Instalment {
  readonly cents: number;
  readonly dueInDays: number;
  readonly paid?: boolean;
}
interface CitizenPosition {
  readonly id: string;
  readonly subject: string;
  /** The pay-in-full option, when the position offers one. */
  readonly single?: Instalment;
  readonly plan?: readonly Instalment[];
}

export const CITIZEN_POSITIONS: readonly CitizenPosition[] = [
  {
    id: 'TARI-2025',
    subject: 'TARI 2025',
    single: { cents: 31250, dueInDays: 5 },
    plan: [
      { cents: 10417, dueInDays: 5, paid: true },
      { cents: 10417, dueInDays: 65 },
      { cents: 10416, dueInDays: 125 },
    ],
  },
  {
    id: 'IMU-2025',
    subject: 'IMU 2025',
    single: { cents: 54000, dueInDays: 10 },
    plan: [
      { cents: 27000, dueInDays: 10 },
      { cents: 27000, dueInDays: 190 },
    ],
  },
  { id: 'MENSA-0925', subject: 'Refezione scolastica settembre', single: { cents: 4560, dueInDays: 15 } },
  { id: 'CDS-4411', subject: 'Verbale codice della strada 4411', single: { cents: 8700, dueInDays: 20 } },
  {
    id: 'TRASP-2025',
    subject: 'Trasporto scolastico 2025/26',
    single: { cents: 18000, dueInDays: 25 },
    plan: [
      { cents: 9000, dueInDays: 25 },
      { cents: 9000, dueInDays: 115 },
    ],
  },
];

/** Every option of the citizen, numbered: the serial gives each one its own valid notice number. */
function flat(): {
  p: CitizenPosition;
  o: Instalment;
  rata: number | null;
  planSize: number;
  serial: number;
}[] {
  let serial = 0;
  return CITIZEN_POSITIONS.flatMap((p) => [
    ...(p.single ? [{ p, o: p.single, rata: null, planSize: 1, serial: ++serial }] : []),
    ...(p.plan ?? []).map((o, i) => ({ p, o, rata: i + 1, planSize: p.plan!.length, serial: ++serial })),
  ]);
}

export const OPTION_COUNT = flat().length;

/** GovPay: one pendenza per option, the options of a position tied by `documento` (rata for instalments). */
export function govpayPendenze(today: string): FakePendenza[] {
  return flat().map(({ p, o, rata, serial }) =>
    pendenza({
      serial,
      debtor: CITIZEN,
      importo: o.cents / 100,
      causale: p.subject,
      stato: o.paid ? 'ESEGUITA' : 'NON_ESEGUITA',
      dataScadenza: addDays(today, o.dueInDays),
      documento: {
        identificativo: p.id,
        descrizione: p.subject,
        ...(rata === null ? {} : { rata }),
      },
    }),
  );
}

/**
 * MyPay: a dovuto has one notice and no plan, so each option is a dovuto of its own (12 positions of one
 * option); the paid instalment is listed by `pagati/ricerca`, the others by `dovuti/ricerca`.
 */
export function mypayDovuti(today: string): { dovuti: FakeDovuto[]; pagati: FakeDovuto[] } {
  const all = flat().map(({ p, o, rata, serial }) => {
    const n = navFor(serial);
    const d: FakeDovuto = {
      stato: o.paid
        ? { code: 'PAGATO', descr: 'pagato' }
        : { code: 'INSERIMENTO_DOVUTO', descr: 'da pagare' },
      numeroAvviso: n.nav,
      iuv: n.iuv,
      ente: { code: 'C_A010', codiceFiscale: EC.fiscalCode, descrizione: EC.name },
      tipoDovuto: { code: p.id.split('-')[0]!, descr: p.subject },
      causale: rata === null ? p.subject : `${p.subject} rata ${rata}`,
      codiceFicaleIntestatario: CITIZEN,
      anagaraficaIntestatario: NAME,
      dataScadenza: addDays(today, o.dueInDays).replaceAll('-', '/'),
      importo: o.cents,
    };
    return { d, paid: o.paid === true };
  });
  return {
    dovuti: all.filter((x) => !x.paid).map((x) => x.d),
    pagati: all.filter((x) => x.paid).map((x) => x.d),
  };
}

/** GPD v3: one position per citizen position, a payment option for the single payment and one for the plan. */
export function gpdCitizenPositions(today: string): FakeGpdPosition[] {
  const debtor = { type: 'F' as const, fiscalCode: CITIZEN, fullName: NAME };
  const byPos = flat();
  return CITIZEN_POSITIONS.map((p) => {
    const mine = byPos.filter((x) => x.p === p);
    const inst = (x: (typeof mine)[number]) => {
      const n = navFor(x.serial);
      return {
        nav: n.nav,
        iuv: n.iuv,
        amount: x.o.cents,
        description: x.rata === null ? p.subject : `${p.subject} rata ${x.rata}`,
        dueDate: `${addDays(today, x.o.dueInDays)}T00:00:00`,
        status: x.o.paid ? 'PAID' : 'UNPAID',
      };
    };
    const single = mine.filter((x) => x.rata === null);
    const plan = mine.filter((x) => x.rata !== null);
    return {
      iupd: `IUPD-${p.id}`,
      organizationFiscalCode: EC.fiscalCode,
      companyName: EC.name,
      status: plan.some((x) => x.o.paid) ? 'PARTIALLY_PAID' : 'VALID',
      insertedDate: '2025-01-01T00:00:00',
      paymentOption: [
        ...single.map((x) => ({ debtor, switchToExpired: false, installments: [inst(x)] })),
        ...(plan.length > 0 ? [{ debtor, switchToExpired: false, installments: plan.map(inst) }] : []),
      ],
    };
  });
}

/** The import file format (docs/import-format.md): one row per option, a plan's rows under its position id. */
export function importCsv(today: string): string {
  const rows = flat().map(({ p, o, rata, planSize, serial }) =>
    [
      navFor(serial).nav,
      EC.fiscalCode,
      EC.name,
      CITIZEN,
      NAME,
      p.subject,
      `${Math.floor(o.cents / 100)},${String(o.cents % 100).padStart(2, '0')}`,
      addDays(today, o.dueInDays),
      p.id,
      rata === null ? '' : String(planSize),
      rata === null ? '' : String(rata),
      o.paid ? 'paid' : '',
    ].join(';'),
  );
  return [HEADER, ...rows].join('\n') + '\n';
}
