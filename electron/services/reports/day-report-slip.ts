import { formatEuroSymbol, type Cents } from '../../../core/money';
import type { SlipDocument, SlipLine } from '../../../native/printer';
import type { DayReport } from './day-report';

const euro = (c: number) => formatEuroSymbol(c as Cents);

/** The day's figures as a thermal "chiusura di sportello" slip: the same figures as the CLI's lines and the PDF. */
export function dayReportSlip(r: DayReport, deskId: string | null, printedAt: string): SlipDocument {
  const fig = (label: string, value: string | number): SlipLine => ({
    kind: 'figure',
    label,
    value: String(value),
  });
  const [y, m, d] = r.date.split('-');
  const lines: SlipLine[] = [
    { kind: 'line', text: `Giorno ${d}/${m}/${y}` },
    ...(deskId ? [{ kind: 'line' as const, text: `Sportello ${deskId}` }] : []),
    ...(r.operator ? [{ kind: 'line' as const, text: `Operatore ${r.operator}` }] : []),
    { kind: 'rule' },
    fig('Cittadini serviti', r.citizensServed),
    fig('Identificati con carta', r.identifications.card),
    fig('Codice digitato', r.identifications.typed),
    fig('Codice avviso', r.identifications.noticeNumber),
    { kind: 'rule' },
    fig('Avvisi stampati', r.notices.printed),
    fig('Importo avvisi', euro(r.notices.amountCents)),
    ...(r.notices.unresolved
      ? [{ kind: 'line' as const, text: `Importo non più in archivio per ${r.notices.unresolved} avvisi` }]
      : []),
    ...(r.notices.byCreditor.length ? [{ kind: 'heading' as const, text: 'Per ente creditore' }] : []),
    ...r.notices.byCreditor.flatMap((c): SlipLine[] => [
      fig(`${c.name} (${c.fiscalCode})`, c.notices),
      fig('', euro(c.amountCents)),
    ]),
    ...(r.notices.byService.length ? [{ kind: 'heading' as const, text: 'Per servizio' }] : []),
    ...r.notices.byService.flatMap((s): SlipLine[] => [
      fig(s.service || '(senza oggetto)', s.notices),
      fig('', euro(s.amountCents)),
    ]),
    { kind: 'rule' },
    fig('Ristampe', r.reprints),
    fig('PDF A4', r.pdfExports),
    fig('Stampe non riuscite', r.failedPrints.attempts),
    ...Object.entries(r.failedPrints.byReason).map(([k, n]) => fig(`  ${k}`, n)),
    fig('Accessi', r.signIns.ok),
    fig('Accessi non riusciti', r.signIns.failed),
    { kind: 'rule' },
    { kind: 'line', text: `Stampato il ${printedAt}` },
  ];
  return { title: 'CHIUSURA DI SPORTELLO', lines };
}
