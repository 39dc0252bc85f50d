import { DEMO_EC } from '../demo/dataset';
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
