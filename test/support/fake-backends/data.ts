import { computeCheckCharacter } from '../../../core/fiscal-code';
import { buildNoticeNumber } from '../../../core/notice-number';
import { DEMO_EC } from '../../../electron/services/demo/dataset';
import type { FakeGpdPosition } from './gpd';
import type { FakePendenza } from './govpay';

/** Valid aux-3 notice numbers (segregation 02) from a serial: distinct from the demo data's. */
export function navFor(serial: number): { nav: string; iuv: string } {
  const r = buildNoticeNumber({
    auxDigit: 3,
    segregationCode: '02',
    iuvBase: String(serial).padStart(13, '0'),
  });
  if (!r.ok) throw new Error('serial');
  return { nav: r.value.nav, iuv: r.value.iuv };
}

export const EC = DEMO_EC;

/** A fictional but valid personal fiscal code for citizen number `n` (distinct up to 26^3 · 28). */
export function citizenCode(n: number): string {
  const L = 'BCDFGHJKLMNPQRSTVWXZ';
  const a = L[n % 20]! + L[Math.floor(n / 20) % 20]! + L[Math.floor(n / 400) % 20]!;
  const b = L[Math.floor(n / 8000) % 20]! + 'X' + 'Y';
  const year = String(40 + (Math.floor(n / 160000) % 60)).padStart(2, '0');
  const day = String(1 + (n % 28)).padStart(2, '0');
  const first15 = `${a}${b}${year}A${day}F205`;
  return first15 + computeCheckCharacter(first15);
}

export function pendenza(over: Partial<FakePendenza> & { serial: number; debtor: string }): FakePendenza {
  const { serial, debtor, ...rest } = over;
  return {
    idA2A: 'A2A-DEMO',
    idPendenza: `P${serial}`,
    dominio: { idDominio: EC.fiscalCode, ragioneSociale: EC.name },
    stato: 'NON_ESEGUITA',
    causale: `Pendenza ${serial}`,
    soggettoPagatore: { tipo: 'F', identificativo: debtor, anagrafica: 'Mario Rossi' },
    importo: 10.01,
    numeroAvviso: navFor(serial).nav,
    dataCaricamento: '2025-01-01',
    dataScadenza: '2099-12-31',
    tipo: 'dovuto',
    ...rest,
  };
}

/** `count` GPD positions for the EC, due dates spread over `days` from `from`, a plan every fifth one. */
export function gpdPositions(
  count: number,
  from: string,
  days: number,
  citizens = Math.max(1, Math.floor(count / 3)),
): FakeGpdPosition[] {
  const start = Date.parse(`${from}T00:00:00Z`);
  const out: FakeGpdPosition[] = [];
  for (let i = 0; i < count; i++) {
    const due = new Date(start + (i % days) * 86_400_000).toISOString().slice(0, 10);
    const debtor = {
      type: 'F' as const,
      fiscalCode: citizenCode(i % citizens),
      fullName: `Cittadino ${i % citizens}`,
    };
    const plan = i % 5 === 0;
    const instalments = plan ? 3 : 1;
    out.push({
      iupd: `IUPD-${i}`,
      organizationFiscalCode: EC.fiscalCode,
      companyName: EC.name,
      status: 'VALID',
      insertedDate: '2025-01-01T00:00:00',
      paymentOption: [
        {
          debtor,
          switchToExpired: false,
          installments: Array.from({ length: instalments }, (_, k) => {
            const n = navFor(1_000_000 + i * 4 + k);
            return {
              nav: n.nav,
              iuv: n.iuv,
              amount: 5_000 + (i % 100) * 7,
              description: `Posizione ${i}${plan ? ` rata ${k + 1}` : ''}`,
              dueDate: `${new Date(Date.parse(`${due}T00:00:00Z`) + k * 30 * 86_400_000).toISOString().slice(0, 10)}T00:00:00`,
              status: 'UNPAID',
            };
          }),
        },
      ],
    });
  }
  return out;
}
