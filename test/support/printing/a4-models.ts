import type { PaymentOption, Position } from '../../../core/contract/domains/positions';
import { composeNotice } from '../../../core/notice';
import type { NoticeDocument } from '../../../core/notice/document';
import { navFor, option, POSTAL, positionFixture } from './positions';

/** A plan of `n` instalments of 100,00 € (the last one absorbs nothing: amounts are exact cents). */
function plan(n: number, dated = true): PaymentOption[] {
  return Array.from({ length: n }, (_, i) =>
    option({
      id: `opt-p${i + 1}`,
      nav: navFor(100 + i),
      amount: 10_000 + i,
      kind: 'instalment',
      planSize: n,
      index: i + 1,
      dueDate: dated ? `2026-${String((i % 12) + 1).padStart(2, '0')}-28` : null,
    }),
  );
}

function doc(position: Position, optionIds: readonly string[], postal: boolean): NoticeDocument {
  const r = composeNotice({ position, optionIds, postal: postal ? POSTAL : null });
  if (!r.ok) throw new Error(`fixture does not compose: ${r.reason}`);
  return r.value;
}

const fine = (): Position =>
  positionFixture({
    subject: 'Sanzione codice della strada n. 1187/2024',
    options: [
      option({
        id: 'opt-disc',
        nav: navFor(50),
        amount: 2_940,
        dueDate: null,
        description: 'Importo scontato del 30%',
      }),
      option({
        id: 'opt-red',
        nav: navFor(51),
        amount: 4_200,
        dueDate: null,
        description: 'Importo ridotto',
      }),
    ],
  });

/**
 * Every model the desk draws, as the documents the renderer receives: name → notices. The e2e-style test
 * and the pictures in docs/ are made from these.
 */
export function a4Models(): Record<string, NoticeDocument[]> {
  const base = positionFixture();
  const withPlan = (n: number, dated = true) =>
    positionFixture({
      options: [
        option({ id: 'opt-single', nav: navFor(1), dueDate: dated ? '2026-01-31' : null }),
        ...plan(n, dated),
      ],
    });
  const ids = (p: Position, kind?: 'single' | 'instalment') =>
    p.options.filter((o) => !kind || o.kind === kind).map((o) => o.id);
  return {
    'rata-unica': [doc(base, ['opt-single'], false)],
    'rata-unica-poste': [doc(base, ['opt-single'], true)],
    'rate-3': [doc(withPlan(3), ids(withPlan(3), 'instalment'), false)],
    'rate-3-poste': [doc(withPlan(3), ids(withPlan(3), 'instalment'), true)],
    'rate-2-e-unica': [doc(withPlan(2), ids(withPlan(2)), false)],
    'molte-rate-10': [doc(withPlan(10), ids(withPlan(10), 'instalment'), false)],
    'senza-scadenza': [doc(withPlan(3, false), ids(withPlan(3, false)), false)],
    'codice-della-strada': [doc(fine(), ['opt-disc', 'opt-red'], false)],
    'codice-della-strada-poste': [doc(fine(), ['opt-disc', 'opt-red'], true)],
  };
}
