/** One Italian line per rejection reason of the core rules, for the CLI's human output. */
const REASONS: Record<string, (d: Record<string, unknown>) => string> = {
  EMPTY: () => 'valore vuoto',
  LENGTH: (d) => `lunghezza errata (${String(d['length'] ?? '?')} caratteri)`,
  FORMAT: (d) =>
    d['position'] ? `carattere non valido in posizione ${String(d['position'])}` : 'formato non valido',
  CHECK_CHARACTER: (d) =>
    `carattere di controllo errato: atteso ${String(d['expected'])}, trovato ${String(d['found'])}`,
  CHECK_DIGIT: () => 'cifra di controllo errata',
  CHECK_DIGITS: (d) =>
    `cifre di controllo errate: attese ${String(d['expected'])}, trovate ${String(d['found'])}`,
  DATE: () => 'data di nascita inesistente',
  RF_REFERENCE: () => 'è un riferimento RF (ISO 11649), non un codice avviso pagoPA',
  AUX_DIGIT: () => 'prima cifra (aux digit) non valida: deve essere 0, 1, 2 o 3',
};

export function explainReason(reason: unknown, details: Record<string, unknown> = {}): string {
  const f = typeof reason === 'string' ? REASONS[reason] : undefined;
  return f ? f(details) : `non valido (${String(reason)})`;
}
