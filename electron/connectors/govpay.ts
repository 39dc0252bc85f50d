import { z } from 'zod';
import { AppError } from '../../core/contract/errors';
import type { Creditor } from '../../core/contract/domains/positions';
import { centsFromJsonNumber } from '../../core/money';
import { govpayOptionStatus, govpayPositionStatus } from '../../core/positions/backend-status';
import type { OptionDraft, PositionDraft } from '../../core/positions/payability';
import { endpoint, getJson, httpGet, statusError, type TlsClientAuth } from './http';
import { calendarDate, checkedNotice, clip, debtorOf } from './mapping';
import type { CallContext, LiveConnector } from './types';

// Only the fields the desk uses; unknown fields are allowed (the API grows), wrong types are not.
const soggetto = z.object({
  tipo: z.enum(['F', 'G']),
  identificativo: z.string().min(2).max(16),
  anagrafica: z.string().max(70).optional(),
});
const dominio = z.object({ idDominio: z.string().min(1).max(35), ragioneSociale: z.string().min(1).max(70) });
const documento = z.object({
  identificativo: z.string().min(1).max(35),
  descrizione: z.string().max(80).optional(),
  rata: z.number().int().min(1).optional(),
});
const pendenza = z.object({
  idA2A: z.string().min(1).max(35),
  idPendenza: z.string().min(1).max(35),
  dominio,
  stato: z.string().min(1).max(32),
  causale: z.string().max(140).optional(),
  soggettoPagatore: soggetto,
  importo: z.number().min(0),
  numeroAvviso: z.string().optional(),
  iuvAvviso: z.string().optional(),
  dataScadenza: z.string().optional(),
  documento: documento.optional(),
});
type Pendenza = z.infer<typeof pendenza>;
const pendenze = z.object({
  numRisultati: z.number().int().min(0),
  numPagine: z.number().int().min(0),
  risultatiPerPagina: z.number().int().min(0),
  pagina: z.number().int().min(0),
  risultati: z.array(pendenza).default([]),
});

export type GovPayAuth =
  | { readonly mode: 'basic'; readonly username: string; readonly password: string }
  | ({ readonly mode: 'ssl' } & TlsClientAuth);

export interface GovPayOptions {
  readonly baseUrl: string;
  readonly auth: GovPayAuth;
  readonly idDominio: string | null;
  readonly pageSize: number;
  readonly maxPages: number;
}

/** Pendenze sharing a document are one position: the single payment (no `rata`) and the instalments. */
export function mapPendenze(
  list: readonly Pendenza[],
  now: string,
): { positions: PositionDraft[]; skipped: number } {
  const groups = new Map<string, Pendenza[]>();
  let skipped = 0;
  for (const p of list) {
    if (!checkedNotice(p.numeroAvviso)) {
      // Without a valid notice number a pendenza cannot be paid at a PSP: nothing to show at the desk.
      skipped++;
      continue;
    }
    const key = p.documento
      ? `govpay:${p.dominio.idDominio}:doc:${p.documento.identificativo}`
      : `govpay:${p.idA2A}:${p.idPendenza}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const positions: PositionDraft[] = [];
  for (const [id, items] of groups) {
    items.sort((a, b) => (a.documento?.rata ?? 0) - (b.documento?.rata ?? 0));
    const planSize = items.filter((p) => p.documento?.rata !== undefined).length;
    const first = items[0]!;
    const options: OptionDraft[] = [];
    let bad = false;
    for (const p of items) {
      const notice = checkedNotice(p.numeroAvviso)!;
      const amount = centsFromJsonNumber(p.importo);
      if (!amount.ok) {
        bad = true;
        break;
      }
      const rata = p.documento?.rata;
      options.push({
        id: `${id}#${notice.nav}`,
        nav: notice.nav,
        iuv: notice.iuv,
        amount: amount.value,
        dueDate: calendarDate(p.dataScadenza),
        kind: rata === undefined ? 'single' : 'instalment',
        planSize: rata === undefined ? 1 : Math.max(planSize, rata),
        index: rata ?? null,
        status: govpayOptionStatus(p.stato),
        backendStatus: p.stato,
        description: clip(p.causale, 280),
      });
    }
    if (bad || !/^\d{11}$/.test(first.dominio.idDominio)) {
      skipped += items.length;
      continue;
    }
    const creditor: Creditor = {
      fiscalCode: first.dominio.idDominio,
      name: first.dominio.ragioneSociale,
      ipaCode: null,
      cbill: null,
      sector: null,
      info: null,
    };
    // The position's state: the most "open" of its pendenze (a plan is payable while one instalment is).
    const states = items.map((p) => govpayPositionStatus(p.stato));
    const status = states.includes('payable')
      ? options.some((o) => o.status === 'paid' || o.status === 'partially-paid')
        ? 'partially-paid'
        : 'payable'
      : states.includes('partially-paid')
        ? 'partially-paid'
        : states[0]!;
    positions.push({
      id,
      connector: 'govpay',
      backendId: first.documento ? first.documento.identificativo : `${first.idA2A}/${first.idPendenza}`,
      creditor,
      debtor: debtorOf(
        first.soggettoPagatore.identificativo,
        first.soggettoPagatore.anagrafica,
        first.soggettoPagatore.tipo,
      ),
      subject: (first.documento?.descrizione ?? first.causale ?? '').slice(0, 280),
      status,
      backendStatus: items.length === 1 ? first.stato : null,
      options,
      fetchedAt: now,
    });
  }
  return { positions, skipped };
}

/** GovPay API Pendenze v2 (Basic or client-certificate authentication). */
export class GovPayConnector implements LiveConnector {
  readonly kind = 'govpay' as const;

  constructor(private readonly o: GovPayOptions) {}

  private request(path: string, query: Record<string, string | number | undefined>, ctx: CallContext) {
    const headers: Record<string, string> = {};
    if (this.o.auth.mode === 'basic') {
      headers['authorization'] =
        'Basic ' + Buffer.from(`${this.o.auth.username}:${this.o.auth.password}`, 'utf8').toString('base64');
    }
    return {
      url: endpoint(this.o.baseUrl, path, query),
      headers,
      signal: ctx.signal,
      ...(this.o.auth.mode === 'ssl' ? { tls: this.o.auth } : {}),
    };
  }

  async byFiscalCode(canonical: string, ctx: CallContext): Promise<PositionDraft[]> {
    const all: Pendenza[] = [];
    for (let pagina = 1; pagina <= this.o.maxPages; pagina++) {
      const page = await getJson(
        this.request(
          'pendenze',
          {
            idDebitore: canonical,
            idDominio: this.o.idDominio ?? undefined,
            pagina,
            risultatiPerPagina: this.o.pageSize,
          },
          ctx,
        ),
        pendenze,
      );
      all.push(...page.risultati);
      if (pagina >= page.numPagine || page.risultati.length === 0) break;
    }
    return mapPendenze(all, ctx.now).positions;
  }

  async byNotice(nav: string, ecFiscalCode: string | null, ctx: CallContext): Promise<PositionDraft[]> {
    const dom = ecFiscalCode ?? this.o.idDominio;
    if (!dom) throw new AppError('INVALID_INPUT', { reason: 'EC_REQUIRED', field: 'ecFiscalCode' });
    try {
      const p = await getJson(this.request(`pendenze/byAvviso/${dom}/${nav}`, {}, ctx), pendenza);
      return mapPendenze([p], ctx.now).positions;
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return [];
      throw err;
    }
  }

  /** The official A4 notice PDF, for the A4 printing path. */
  async noticePdf(idDominio: string, nav: string, ctx: CallContext): Promise<Buffer> {
    const req = this.request(`avvisi/${idDominio}/${nav}`, {}, ctx);
    const res = await httpGet({ ...req, headers: { ...req.headers, accept: 'application/pdf' } });
    const err = statusError(res);
    if (err) throw err;
    if (res.body.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new AppError('BACKEND_MALFORMED', { reason: 'NOT_A_PDF' });
    return res.body;
  }

  async probe(ctx: CallContext): Promise<void> {
    await getJson(this.request('pendenze', { pagina: 1, risultatiPerPagina: 1 }, ctx), pendenze);
  }
}
