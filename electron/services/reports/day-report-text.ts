import { formatEuroSymbol, type Cents } from '../../../core/money';
import type { DayReport } from './day-report';

const euro = (c: number) => formatEuroSymbol(c as Cents);

/** The day's figures as the office manager reads them, in Italian: the CLI's lines and the PDF's body. */
export function dayReportLines(r: DayReport, deskId: string | null): string[] {
  const reasons = Object.entries(r.failedPrints.byReason)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `Chiusura di sportello — ${r.date}${deskId ? ` — ${deskId}` : ''}${r.operator ? ` — operatore ${r.operator}` : ''}`,
    '',
    `Cittadini serviti: ${r.citizensServed}`,
    `Identificazioni: carta ${r.identifications.card}, codice digitato ${r.identifications.typed}, codice avviso ${r.identifications.noticeNumber}`,
    `Avvisi stampati: ${r.notices.printed} per ${euro(r.notices.amountCents)}${r.notices.unresolved ? ` (di ${r.notices.unresolved} avvisi l’importo non è più in archivio)` : ''}`,
    ...r.notices.byCreditor.map(
      (c) => `  ${c.name} (${c.fiscalCode}): ${c.notices} — ${euro(c.amountCents)}`,
    ),
    'Per servizio:',
    ...r.notices.byService.map(
      (s) => `  ${s.service || '(senza oggetto)'}: ${s.notices} — ${euro(s.amountCents)}`,
    ),
    `Ristampe: ${r.reprints}`,
    `PDF A4 prodotti: ${r.pdfExports}`,
    `Stampe non riuscite: ${r.failedPrints.attempts}${reasons ? ` (${reasons})` : ''}`,
    `Accessi: ${r.signIns.ok} (non riusciti ${r.signIns.failed})${r.signIns.operators.length ? ` — ${r.signIns.operators.join(', ')}` : ''}`,
  ];
}
