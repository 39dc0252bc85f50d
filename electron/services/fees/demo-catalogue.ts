import { DEMO_EC } from '../demo/dataset';
import type { PositionDraft } from '../../../core/positions/payability';
import type { FeeCreateRequest } from '../../connectors/fees/types';
import type { FeeService } from '../config/sections/services';

/**
 * Demo mode's catalogue: three fees of the fictional municipality, every label saying DEMO. They create local
 * demo positions only (no backend is asked), so a clerk can try the whole flow.
 */
export const DEMO_CATALOGUE: readonly FeeService[] = [
  {
    id: 'cie',
    label: { it: "Carta d'identità elettronica (DEMO)", en: 'Electronic identity card (DEMO)' },
    creditor: { fiscalCode: DEMO_EC.fiscalCode, name: DEMO_EC.name },
    amount: { rule: 'fixed', cents: 2221 },
    dueInDays: 30,
    anonymousAllowed: false,
    causale: "Carta d'identità elettronica — {cognome} {nome}",
  },
  {
    id: 'certificato',
    label: { it: 'Diritti di segreteria, certificato (DEMO)', en: 'Certificate fee (DEMO)' },
    creditor: { fiscalCode: DEMO_EC.fiscalCode, name: DEMO_EC.name },
    amount: { rule: 'fixed', cents: 52 },
    dueInDays: 10,
    anonymousAllowed: true,
    causale: 'Diritti di segreteria — certificato',
  },
  {
    id: 'copie',
    label: { it: 'Copie di atti, per pagina (DEMO)', en: 'Copies of documents, per page (DEMO)' },
    creditor: { fiscalCode: DEMO_EC.fiscalCode, name: DEMO_EC.name },
    amount: { rule: 'perUnit', unitCents: 25, maxQuantity: 500 },
    dueInDays: 10,
    anonymousAllowed: true,
    causale: 'Copie di atti: {quantita} pagine',
  },
];

/** Demo IUVs: aux 3, segregation 01, a range of their own far from anything real. */
export const DEMO_IUV_RANGE = { segregationCode: '01', from: 9_000_000_000_000, to: 9_999_999_999_999 };

/** A demo fee as a local position: never sent anywhere, its subject saying DEMO. */
export function demoFeeDraft(f: FeeCreateRequest, now: Date): PositionDraft {
  const id = `demo:fee:${f.backendId}`;
  return {
    id,
    connector: 'demo',
    backendId: f.backendId,
    creditor: {
      fiscalCode: f.creditor.fiscalCode,
      name: f.creditor.name,
      ipaCode: null,
      cbill: null,
      sector: null,
      info: null,
    },
    debtor: f.debtor,
    subject: `${f.causale} (DEMO)`.slice(0, 140),
    status: 'payable',
    backendStatus: 'DEMO',
    fetchedAt: now.toISOString(),
    options: [
      {
        id: `${id}#${f.nav}`,
        nav: f.nav!,
        iuv: f.iuv!,
        amount: f.total,
        dueDate: f.dueDate,
        kind: 'single',
        planSize: 1,
        index: null,
        status: 'unpaid',
        backendStatus: 'DEMO',
        description: f.causale,
      },
    ],
  };
}
