import type { Creditor, OptionStatus } from '../../../core/contract/domains/positions';
import { computeCheckCharacter } from '../../../core/fiscal-code';
import { parseNumericFiscalCode } from '../../../core/fiscal-code/numeric';
import type { Cents } from '../../../core/money';
import { buildNoticeNumber } from '../../../core/notice-number';
import {
  derivePositionStatus,
  type OptionDraft,
  type PositionDraft,
} from '../../../core/positions/payability';
import { addDays } from '../positions/dates';

/** An 11-digit code with its check digit computed, so the sample ECs pass the same rules as real ones. */
function numericCode(first10: string): string {
  for (let d = 0; d <= 9; d++) {
    const r = parseNumericFiscalCode(`${first10}${d}`);
    if (r.ok) return r.value;
  }
  throw new Error(`no check digit for ${first10}`);
}

const personal = (first15: string) => first15 + computeCheckCharacter(first15);

/** Fictional municipality on the Ticino (a made-up name and code, shaped like the seed's). */
export const DEMO_EC: Creditor = {
  fiscalCode: numericCode('8200099015'),
  name: 'Comune di Borgo Ticino Lombardo (DEMO)',
  ipaCode: 'c_demo',
  cbill: 'DEMO1',
  sector: 'Servizio Tributi',
  info: 'Piazza Marconi 1, Borgo Ticino Lombardo — tributi@example.invalid',
};
export const DEMO_EC_2: Creditor = {
  fiscalCode: numericCode('9700099099'),
  name: 'Consorzio Acque del Naviglio (DEMO)',
  ipaCode: null,
  cbill: null,
  sector: null,
  info: null,
};

/** Fictional citizens. RSSMRA80A01H501U is the code the e2e shell test types. */
export const DEMO_CITIZENS = {
  mario: { fiscalCode: 'RSSMRA80A01H501U', name: 'Mario Rossi' },
  laura: { fiscalCode: personal('BNCLRA85M41F205'), name: 'Laura Bianchi' },
  giuseppe: { fiscalCode: personal('VRDGPP70C15A010'), name: 'Giuseppe Verdi' },
} as const;

let iuvSeq = 0;
function nav(): { nav: string; iuv: string } {
  iuvSeq++;
  const n = buildNoticeNumber({
    auxDigit: 3,
    segregationCode: '01',
    iuvBase: String(7_000_000_000_000 + iuvSeq).slice(-13),
  });
  if (!n.ok) throw new Error('demo NAV');
  return { nav: n.value.nav, iuv: n.value.iuv };
}

interface Spec {
  key: string;
  ec: Creditor;
  who: { fiscalCode: string; name: string };
  subject: string;
  single?: { amount: number; dueIn: number; status?: OptionStatus };
  plan?: { amount: number; dueIn: number; status?: OptionStatus }[];
  /**
   * A Codice della Strada fine: two single payments, the amount discounted by 30% (within 5 days of
   * notification) and the reduced amount (within 60 days), told apart by their descriptions (core/notice/fine).
   */
  fine?: {
    discounted: { amount: number; dueIn: number; status?: OptionStatus };
    reduced: { amount: number; dueIn: number; status?: OptionStatus };
  };
}

const SPECS: readonly Spec[] = [
  {
    key: 'TARI-2025-0001',
    ec: DEMO_EC,
    who: DEMO_CITIZENS.mario,
    subject: 'TARI 2025 — tassa rifiuti, abitazione via Roma 12',
    single: { amount: 31_250, dueIn: 45 },
    plan: [
      { amount: 10_450, dueIn: 20 },
      { amount: 10_400, dueIn: 80 },
      { amount: 10_400, dueIn: 140 },
    ],
  },
  {
    key: 'MENSA-2025-03',
    ec: DEMO_EC,
    who: DEMO_CITIZENS.mario,
    subject: 'Refezione scolastica — marzo',
    single: { amount: 8_640, dueIn: 10 },
  },
  {
    key: 'CDS-2024-1187',
    ec: DEMO_EC,
    who: DEMO_CITIZENS.mario,
    subject: 'Sanzione codice della strada n. 1187/2024',
    // Notified 2 days ago: both the discounted (5 days) and the reduced amount (60 days) can be paid.
    fine: {
      discounted: { amount: 2_940, dueIn: 3 },
      reduced: { amount: 4_200, dueIn: 58 },
    },
  },
  {
    key: 'ACQ-2025-Q1',
    ec: DEMO_EC_2,
    who: DEMO_CITIZENS.mario,
    subject: 'Servizio idrico — primo trimestre',
    single: { amount: 12_999, dueIn: -60, status: 'paid' },
  },
  {
    key: 'IMU-2025-ACC',
    ec: DEMO_EC,
    who: DEMO_CITIZENS.laura,
    subject: 'IMU 2025 — acconto',
    plan: [
      { amount: 45_000, dueIn: -20, status: 'paid' },
      { amount: 45_000, dueIn: 160 },
    ],
    single: { amount: 90_000, dueIn: 160 },
  },
  {
    key: 'COSAP-2025-07',
    ec: DEMO_EC,
    who: DEMO_CITIZENS.giuseppe,
    subject: 'Canone occupazione suolo pubblico — dehors',
    single: { amount: 27_575, dueIn: 30 },
  },
];

/**
 * The embedded sample data, dated from `today` so that the examples keep their meaning (payable, expired,
 * paid) whatever day the demo runs.
 */
export function demoPositions(today: string, now: string): PositionDraft[] {
  iuvSeq = 0;
  return SPECS.map((s) => {
    const id = `demo:${s.ec.fiscalCode}:${s.key}`;
    const options: OptionDraft[] = [];
    const add = (
      o: { amount: number; dueIn: number; status?: OptionStatus },
      kind: 'single' | 'instalment',
      planSize: number,
      index: number | null,
      description?: string,
    ) => {
      const n = nav();
      options.push({
        id: `${id}#${n.nav}`,
        nav: n.nav,
        iuv: n.iuv,
        amount: o.amount as Cents,
        dueDate: addDays(today, o.dueIn),
        kind,
        planSize,
        index,
        status: o.status ?? 'unpaid',
        backendStatus: null,
        description: description ?? (kind === 'instalment' ? `Rata ${index} di ${planSize}` : 'Rata unica'),
      });
    };
    if (s.single) add(s.single, 'single', 1, null);
    if (s.fine) {
      add(s.fine.discounted, 'single', 1, null, 'Importo scontato del 30%');
      add(s.fine.reduced, 'single', 1, null, 'Importo ridotto');
    }
    s.plan?.forEach((o, i) => add(o, 'instalment', s.plan!.length, i + 1));
    return {
      id,
      connector: 'demo',
      backendId: s.key,
      creditor: s.ec,
      debtor: { fiscalCode: s.who.fiscalCode, kind: 'F', name: s.who.name },
      subject: s.subject,
      status: derivePositionStatus(options),
      backendStatus: null,
      options,
      fetchedAt: now,
    };
  });
}
