import type { PartialAnswer, PartialReason, PositionsResult } from '../../../core/contract/domains/positions';
import { AppError, type ContractError } from '../../../core/contract/errors';
import { formatEuro, type Cents } from '../../../core/money';
import { formatNoticeNumber } from '../../../core/notice-number';
import { createDesk } from '../../services/desk';
import { nodePlatform } from '../../services/platform/node';
import { CliFailure, type Command } from '../command';
import { explainReason } from '../explain';

const STATUS_IT: Record<string, string> = {
  unpaid: 'da pagare',
  paid: 'pagata',
  'partially-paid': 'pagata in parte',
  expired: 'scaduta',
  cancelled: 'annullata',
  unknown: 'stato sconosciuto',
};

const PARTIAL_IT: Record<PartialReason, string> = {
  ITEMS_REFUSED: 'voci scartate',
  BACKEND_INCOMPLETE: 'il servizio dichiara l’elenco incompleto',
  PAGE_LIMIT: 'raggiunto il limite di pagine',
  LISTING_TIMEOUT: 'raggiunto il tempo massimo dell’elenco',
  SIZE_LIMIT: 'risposta troppo grande',
  RATE_LIMITED: 'il servizio chiede di attendere',
  PAGE_FAILED: 'una pagina successiva non è stata letta',
};

/** One line saying what a partial answer could not show: printed on stderr and at the top of the listing. */
export function partialLine(p: PartialAnswer): string {
  const why = p.reasons.map((r) => PARTIAL_IT[r]).join('; ');
  const pages =
    p.pagesRead !== null && p.pagesTotal !== null ? `, pagine lette ${p.pagesRead}/${p.pagesTotal}` : '';
  const wait = p.retryAfterSeconds !== null ? `, riprovare tra ${p.retryAfterSeconds} s` : '';
  const refused = p.refusedCount > 0 ? `, ${p.refusedCount} voci scartate` : '';
  return `RISPOSTA PARZIALE: ${why}${pages}${refused}${wait} — le posizioni già in archivio restano`;
}

/** One line for a failed refresh, with the wait a rate limit asked for. */
export function failureLine(e: ContractError): string {
  const reason = String(e.details?.['reason'] ?? '');
  const wait = e.details?.['retryAfterSeconds'];
  return (
    `aggiornamento non riuscito (${e.code}${reason ? ` ${reason}` : ''})` +
    (typeof wait === 'number' ? `: riprovare tra ${wait} s` : '') +
    ' — mostrate le posizioni dell’archivio locale'
  );
}

export function describeResult(r: PositionsResult): string[] {
  const lines: string[] = [
    `${r.positions.length} posizioni (${r.source === 'live' ? 'dal servizio' : 'dall’archivio locale'}, ${r.connector}` +
      `${r.dataAsOf ? `, dati del ${r.dataAsOf}` : ''})`,
  ];
  if (r.error) lines.push(`! ${failureLine(r.error)}`);
  if (r.partial) {
    lines.push(`! ${partialLine(r.partial)}`);
    for (const x of r.partial.refused)
      lines.push(
        `  scartata: ${x.backendId}${x.nav ? ` avviso ${x.nav}` : ''} — ${x.reason}${x.field ? ` (${x.field})` : ''}`,
      );
    if (r.partial.refusedCount > r.partial.refused.length)
      lines.push(`  … e altre ${r.partial.refusedCount - r.partial.refused.length}`);
  }
  for (const p of r.positions) {
    lines.push(`${p.creditor.name} — ${p.subject} [${p.status}]`);
    for (const o of p.options) {
      const what = o.kind === 'single' ? 'unica soluzione' : `rata ${o.index}/${o.planSize}`;
      lines.push(
        `  ${formatNoticeNumber(o.nav)}  ${what.padEnd(16)} € ${formatEuro(o.amount as Cents).padStart(12)}  ` +
          `scad. ${o.dueDate ?? '—'}  ${STATUS_IT[o.status] ?? o.status}${o.payable ? '  PAGABILE' : `  (${o.notPayableReason})`}`,
      );
    }
  }
  lines.push(
    `Pagabile ora: € ${formatEuro(r.totals.payableNow as Cents)} (${r.totals.payableCount} opzioni)`,
  );
  return lines;
}

export const positionsCommand: Command = {
  name: 'positions',
  summary: 'posizioni debitorie di un cittadino (archivio locale, poi il servizio configurato)',
  usage: 'sportello positions <codice-fiscale> [--cache-only] [--json]',
  options: { 'cache-only': { type: 'boolean', default: false } },
  async run({ positionals, values }, io) {
    const code = positionals.join('');
    if (code === '') throw new CliFailure('USAGE', 'serve un codice fiscale', 2);
    const desk = createDesk({ platform: nodePlatform(io.env) });
    try {
      desk.services.positions.upkeep();
      const r = values['cache-only']
        ? desk.services.positions.list(code)
        : await desk.services.positions.refresh(code);
      const result = { ...r, refreshing: false };
      // A failed or partial answer is not "all is well": exit 1 and one line on stderr, --json or not, so a
      // script and a technician both notice (the positions shown are still printed on stdout).
      if (r.error) io.err(`sportello positions: ${failureLine(r.error)}`);
      else if (r.partial) io.err(`sportello positions: ${partialLine(r.partial)}`);
      return { exitCode: r.error || r.partial ? 1 : 0, json: result, human: describeResult(result) };
    } catch (err) {
      if (err instanceof AppError && err.code === 'INVALID_INPUT') {
        const d = (err.details ?? {}) as Record<string, unknown>;
        throw new CliFailure(
          'INVALID_INPUT',
          `codice fiscale non valido: ${explainReason(d['reason'], d)}`,
          1,
          d,
        );
      }
      throw err;
    } finally {
      await desk.close();
    }
  },
};
