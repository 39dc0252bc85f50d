import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { composeReceipt } from '../../../core/fees/receipt';
import { formatEuro, parseDecimalEuros, parseItalianAmount, type Cents } from '../../../core/money';
import { formatNoticeNumber } from '../../../core/notice-number';
import { encodeBlocks } from '../../../native/printer';
import { layoutReceipt } from '../../../native/printer/receipt-layout';
import { createDesk, type Desk } from '../../services/desk';
import { printReceipt, receiptPdf } from '../../services/fees/receipt-output';
import { nodePlatform } from '../../services/platform/node';
import { CliFailure, type CliIo, type Command } from '../command';
import { feeFailure } from './fee-text';

const STATE_IT: Record<string, string> = {
  paid: 'PAGATA',
  'not-paid': 'non pagata',
  'in-progress': 'pagamento in corso',
  annulled: 'annullata',
  unknown: 'stato sconosciuto',
};

async function withDesk<T>(io: CliIo, fn: (d: Desk) => Promise<T>): Promise<T> {
  const desk = createDesk({ platform: nodePlatform(io.env) });
  try {
    return await fn(desk);
  } finally {
    await desk.close();
  }
}

function amountCents(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const s = String(raw);
  const r = s.includes(',') ? parseItalianAmount(s) : parseDecimalEuros(s);
  if (!r.ok) throw new CliFailure('USAGE', `--amount: importo non valido (${r.reason})`, 2);
  return r.value;
}

function qty(raw: unknown): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d{1,4}$/.test(String(raw)) || n < 1)
    throw new CliFailure('USAGE', '--qty: un numero intero da 1 a 9999', 2);
  return n;
}

const navOf = (values: Record<string, unknown>) => {
  if (values['nav'] === undefined) throw new CliFailure('USAGE', 'serve --nav', 2);
  return {
    nav: String(values['nav']),
    ...(values['ec'] !== undefined ? { ecFiscalCode: String(values['ec']) } : {}),
  };
};

export const createCommand: Command = {
  name: 'create',
  summary: 'crea sul servizio la posizione di un diritto/servizio del catalogo e ne stampa l’avviso',
  usage:
    'sportello create --service ID (--cf CF [--name "COGNOME NOME"] | --anonymous) [--qty N | --amount EUR] [--print [--printer ID] | --pdf F.pdf] [--key K]',
  options: {
    service: { type: 'string' },
    cf: { type: 'string' },
    name: { type: 'string' },
    anonymous: { type: 'boolean', default: false },
    qty: { type: 'string' },
    amount: { type: 'string' },
    print: { type: 'boolean', default: false },
    printer: { type: 'string' },
    pdf: { type: 'string' },
    key: { type: 'string' },
  },
  async run({ values }, io) {
    if (values['service'] === undefined) throw new CliFailure('USAGE', 'serve --service', 2);
    if ((values['cf'] === undefined) === !values['anonymous'])
      throw new CliFailure('USAGE', 'serve --cf oppure --anonymous (uno dei due)', 2);
    const input = {
      serviceId: String(values['service']),
      ...(values['cf'] !== undefined ? { fiscalCode: String(values['cf']) } : {}),
      ...(values['name'] !== undefined ? { payerName: String(values['name']) } : {}),
      ...(values['anonymous'] ? { anonymous: true } : {}),
      ...(values['qty'] !== undefined ? { quantity: qty(values['qty']) } : {}),
      ...(values['amount'] !== undefined ? { amountCents: amountCents(values['amount']) } : {}),
      // A repeated `--key` is the same request: it never creates a second debt.
      requestKey: values['key'] !== undefined ? String(values['key']) : randomUUID(),
    };
    return withDesk(io, async (desk) => {
      const r = await desk.services.fees.create(input, 'cli').catch(feeFailure);
      const out: Record<string, unknown> = {
        ok: true,
        nav: r.nav,
        iuv: r.position.options[0]!.iuv,
        total: r.quote.total,
        dueDate: r.quote.dueDate,
        causale: r.quote.causale,
        positionId: r.position.id,
        replayed: r.replayed,
        demo: r.demo,
        requestKey: input.requestKey,
      };
      const human = [
        `${r.demo ? '[DEMO] ' : ''}creata ${formatNoticeNumber(r.nav)} — € ${formatEuro(r.quote.total as Cents)}, scadenza ${r.quote.dueDate}`,
        `  ${r.quote.causale}`,
      ];
      if (values['pdf'] !== undefined) {
        const pdf = await desk.services.printing.pdf([r.optionId]).catch(feeFailure);
        writeFileSync(
          String(values['pdf']),
          Buffer.from(pdf.pdf.replace(/^data:application\/pdf;base64,/, ''), 'base64'),
        );
        out['pdf'] = String(values['pdf']);
        human.push(`  avviso PDF: ${String(values['pdf'])}`);
      } else if (values['print']) {
        const job = await desk.services.printing
          .print({
            optionIds: [r.optionId],
            printerId: values['printer'] === undefined ? undefined : String(values['printer']),
            reprint: false,
            idempotency: `create-${input.requestKey}`,
          })
          .catch(feeFailure);
        out['printJob'] = { id: job.id, state: job.state, printerId: job.printerId };
        human.push(`  avviso ${job.state === 'sent' ? 'inviato a' : 'NON stampato su'} ${job.printerId}`);
        if (job.state !== 'sent') return { exitCode: 1, json: out, human };
      }
      return { exitCode: 0, json: out, human };
    });
  },
};

export const checkCommand: Command = {
  name: 'check',
  summary: 'verifica ora sul servizio se un avviso è pagato (lettura diretta, non dall’archivio)',
  usage: 'sportello check --nav N [--ec CF]',
  options: { nav: { type: 'string' }, ec: { type: 'string' } },
  async run({ values }, io) {
    const q = navOf(values);
    return withDesk(io, async (desk) => {
      const r = await desk.services.fees.check(q.nav, q.ecFiscalCode).catch(feeFailure);
      const line = `${formatNoticeNumber(r.nav)}: ${STATE_IT[r.state]}${r.backendStatus ? ` (${r.backendStatus})` : ''}${
        r.checkedAt ? `, letto alle ${r.checkedAt}` : ''
      }${r.source === 'demo' ? ' [DEMO]' : ''}`;
      const human = [line];
      if (r.error)
        human.push(
          `! il servizio non ha risposto: ${r.error.code} ${String(r.error.details?.['reason'] ?? '')}`,
        );
      return { exitCode: r.error ? 1 : 0, json: r, human };
    });
  },
};

export const receiptCommand: Command = {
  name: 'receipt',
  summary: 'ricevuta di pagamento di un avviso pagato (stampante, file .bin o PDF A4)',
  usage:
    'sportello receipt --nav N [--ec CF] [--printer ID | --out F.bin | --pdf F.pdf] [--backend-pdf F.pdf]',
  options: {
    nav: { type: 'string' },
    ec: { type: 'string' },
    printer: { type: 'string' },
    out: { type: 'string' },
    pdf: { type: 'string' },
    'backend-pdf': { type: 'string' },
  },
  async run({ values }, io) {
    const q = navOf(values);
    if (['printer', 'out', 'pdf'].filter((k) => values[k] !== undefined).length > 1)
      throw new CliFailure('USAGE', 'una sola destinazione: --printer, --out o --pdf', 2);
    return withDesk(io, async (desk) => {
      const r = await desk.services.fees.receipt(q.nav, q.ecFiscalCode).catch(feeFailure);
      const doc = composeReceipt({ ...r.data, demo: r.view.demo });
      const out: Record<string, unknown> = { ok: true, receipt: r.view };
      const human = [`${doc.title}`, ...doc.rows.map(([l, v]) => `  ${l}: ${v}`)];
      if (values['pdf'] !== undefined) {
        writeFileSync(String(values['pdf']), await receiptPdf(doc));
        out['pdf'] = String(values['pdf']);
      } else if (values['out'] !== undefined) {
        const p = desk.services.printing.printer(undefined);
        const profile = { family: p.family, width: p.width, qr: 'raster' as const };
        const bytes = encodeBlocks(layoutReceipt(doc, profile), profile);
        writeFileSync(String(values['out']), bytes);
        out['out'] = String(values['out']);
      } else if (values['printer'] !== undefined) {
        const sent = await printReceipt(
          doc,
          desk.services.printing,
          String(values['printer']),
          desk.services.platform.paths.dataDir,
        ).catch(feeFailure);
        desk.services.audit.record({
          actor: 'cli',
          action: 'fee.receipt-printed',
          subject: r.view.nav,
          details: { printerId: sent.printerId },
        });
        out['printed'] = sent;
      }
      if (values['backend-pdf'] !== undefined) {
        if (!r.data.backendPdf)
          throw new CliFailure('NOT_FOUND', 'il servizio non fornisce una propria ricevuta PDF', 1);
        writeFileSync(String(values['backend-pdf']), r.data.backendPdf);
        out['backendPdf'] = String(values['backend-pdf']);
      }
      return { exitCode: 0, json: out, human };
    });
  },
};

export const annulCommand: Command = {
  name: 'annul',
  summary: 'annulla una posizione non pagata creata da questo sportello (con motivo)',
  usage: 'sportello annul --nav N [--ec CF] --reason TESTO',
  options: { nav: { type: 'string' }, ec: { type: 'string' }, reason: { type: 'string' } },
  async run({ values }, io) {
    const q = navOf(values);
    const reason = String(values['reason'] ?? '').trim();
    if (reason.length < 5) throw new CliFailure('USAGE', 'serve --reason (almeno 5 caratteri)', 2);
    return withDesk(io, async (desk) => {
      const r = await desk.services.fees.annul(q.nav, q.ecFiscalCode, reason, 'cli').catch(feeFailure);
      return { exitCode: 0, json: r, human: [`${formatNoticeNumber(r.nav)}: annullata`] };
    });
  },
};
