import { explainReason } from '../explain';

/** What a row-level import error means (docs/import-format.md lists the same reasons). */
const ROW_REASONS: Record<string, string> = {
  MISSING: 'valore obbligatorio mancante',
  NAV: 'codice avviso non valido',
  EC_FISCAL_CODE: 'codice fiscale dell’ente non valido',
  DEBTOR_FISCAL_CODE: 'codice fiscale del debitore non valido',
  AMOUNT: 'importo non valido (euro con punto o virgola, al massimo 2 decimali)',
  DUE_DATE: 'scadenza non valida (AAAA-MM-GG o GG/MM/AAAA)',
  PLAN: 'rata non valida (plan_size 1–100, instalment 1…plan_size)',
  STATUS: 'stato non valido (unpaid, paid, expired, cancelled)',
  TOO_LONG: 'testo troppo lungo',
  DUPLICATE_NAV: 'codice avviso già presente in un’altra riga',
  POSITION_INCONSISTENT: 'dati della posizione diversi da quelli delle righe precedenti',
  PLAN_INCONSISTENT: 'rate del piano incoerenti',
  POSITION_NOT_CONTIGUOUS: 'le righe di una posizione devono essere consecutive',
  FIELD_COUNT: 'numero di colonne diverso dall’intestazione',
  UNKNOWN_COLUMN: 'colonna sconosciuta',
  MISSING_COLUMN: 'colonna obbligatoria mancante',
  NOT_AN_OBJECT: 'la riga non è un oggetto JSON',
  JSON: 'JSON non valido',
  UNTERMINATED_QUOTE: 'virgolette non chiuse',
  EMPTY_FILE: 'file vuoto',
};

/** One import error as the technician reads it: line, column, what is wrong in Italian. */
export function explainImportRow(e: {
  line: number;
  reason: string;
  field?: string | null;
  rule?: string | null;
}): string {
  const what = ROW_REASONS[e.reason] ?? `riga non valida (${e.reason})`;
  const rule = e.rule ? `: ${explainReason(e.rule)}` : '';
  return `riga ${e.line}${e.field ? `, colonna ${e.field}` : ''}: ${what}${rule}`;
}

/** Every row reason this file can say in words (a test checks the doc lists the same ones). */
export const IMPORT_ROW_REASONS = Object.keys(ROW_REASONS);
