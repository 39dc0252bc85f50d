import type { PositionsResult } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
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

export function describeResult(r: PositionsResult): string[] {
  const lines: string[] = [
    `${r.positions.length} posizioni (${r.source === 'live' ? 'dal servizio' : 'dall’archivio locale'}, ${r.connector}` +
      `${r.dataAsOf ? `, dati del ${r.dataAsOf}` : ''})`,
  ];
  if (r.error)
    lines.push(
      `! aggiornamento non riuscito: ${r.error.code} ${String(r.error.details?.['reason'] ?? '')}`.trim(),
    );
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
      return { exitCode: r.error ? 1 : 0, json: result, human: describeResult(result) };
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
