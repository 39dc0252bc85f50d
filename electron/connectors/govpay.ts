import { z } from 'zod';
import { AppError } from '../../core/contract/errors';
import type { Creditor } from '../../core/contract/domains/positions';
import { centsFromJsonNumber } from '../../core/money';
import { govpayOptionStatus, govpayPositionStatus } from '../../core/positions/backend-status';
import type { OptionDraft, PositionDraft } from '../../core/positions/payability';
import { PartialCollector } from '../../core/positions/partial';
import { endpoint, getJson, httpGet, statusError, type HttpRequest, type TlsClientAuth } from './http';
import { calendarDate, checkedNotice, clip, debtorOf, rawField, stopReasonOf } from './mapping';
import type { CallContext, LiveAnswer, LiveConnector } from './types';

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
// Items are validated one by one (mapPendenze): one bad pendenza is refused and named, not the whole page.
const pendenze = z.object({
  numRisultati: z.number().int().min(0),
  numPagine: z.number().int().min(0),
  risultatiPerPagina: z.number().int().min(0),
  pagina: z.number().int().min(0),
  risultati: z.array(z.unknown()).default([]),
});

export type GovPayAuth =
  | { readonly mode: 'basic'; readonly username: string; readonly password: string }
  | ({ readonly mode: 'ssl' } & TlsClientAuth);

export interface GovPayOptions {
  readonly baseUrl: string;
  readonly auth: GovPayAuth;
  readonly idDominio: string | null;
  readonly pageSize: number;
}

const backendIdOf = (raw: unknown): string => {
  const a2a = rawField(raw, 'idA2A');
  const id = rawField(raw, 'idPendenza');
  return a2a || id ? `${a2a ?? '?'}/${id ?? '?'}` : '?';
};

/**
 * Pendenze sharing a document are one position: the single payment (no `rata`) and the instalments. Each
 * pendenza is checked on its own: a bad one (schema, notice number, amount, creditor, another debtor) is
 * refused into `partial` with its identifiers, and the rest of its plan is still shown; a plan keeps its size.
 */
export function mapPendenze(
  list: readonly unknown[],
  now: string,
  partial: PartialCollector,
  debtor: string | null = null,
): PositionDraft[] {
  const groups = new Map<string, { ok: { p: Pendenza; option: OptionDraft }[]; all: Pendenza[] }>();
  const refuse = (raw: unknown, reason: string, field: string | null) =>
    partial.refuse({ backendId: backendIdOf(raw), nav: rawField(raw, 'numeroAvviso'), reason, field }, raw);
  for (const raw of list) {
    const parsed = pendenza.safeParse(raw);
    if (!parsed.success) {
      refuse(raw, 'SCHEMA', parsed.error.issues[0]?.path.map(String).join('.') ?? null);
      continue;
    }
    const p = parsed.data;
    const key = p.documento
      ? `govpay:${p.dominio.idDominio}:doc:${p.documento.identificativo}`
      : `govpay:${p.idA2A}:${p.idPendenza}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { ok: [], all: [] }));
    g.all.push(p);
    const notice = checkedNotice(p.numeroAvviso);
    if (!notice) {
      refuse(raw, 'NAV', 'numeroAvviso');
      continue;
    }
    const amount = centsFromJsonNumber(p.importo);
    if (!amount.ok) {
      refuse(raw, 'AMOUNT', 'importo');
      continue;
    }
    // pagoPA requires at least one cent: a zero notice cannot be paid, and showing "€ 0,00" misleads.
    if (amount.value === 0) {
      refuse(raw, 'ZERO_AMOUNT', 'importo');
      continue;
    }
    if (!/^\d{11}$/.test(p.dominio.idDominio)) {
      refuse(raw, 'CREDITOR', 'dominio.idDominio');
      continue;
    }
    if (debtor !== null && debtorOf(p.soggettoPagatore.identificativo, null).fiscalCode !== debtor) {
      refuse(raw, 'DEBTOR_MISMATCH', 'soggettoPagatore.identificativo');
      continue;
    }
    const rata = p.documento?.rata;
    g.ok.push({
      p,
      option: {
        id: `${key}#${notice.nav}`,
        nav: notice.nav,
        iuv: notice.iuv,
        amount: amount.value,
        dueDate: calendarDate(p.dataScadenza),
        kind: rata === undefined ? 'single' : 'instalment',
        planSize: 1,
        index: rata ?? null,
        status: govpayOptionStatus(p.stato),
        backendStatus: p.stato,
        description: clip(p.causale, 280),
      },
    });
  }
  const positions: PositionDraft[] = [];
  for (const [id, g] of groups) {
    if (g.ok.length === 0) continue;
    g.ok.sort((a, b) => (a.p.documento?.rata ?? 0) - (b.p.documento?.rata ?? 0));
    // The plan's size counts refused instalments too: the clerk sees "rata 2/3", not a plan of 2.
    const ratas = g.all.map((p) => p.documento?.rata).filter((r): r is number => r !== undefined);
    const planSize = Math.max(ratas.length, ...ratas, 1);
    const options = g.ok.map(({ option }) =>
      option.kind === 'instalment' ? { ...option, planSize } : option,
    );
    const items = g.ok.map((x) => x.p);
    const first = items[0]!;
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
      backendStatus: g.all.length === 1 ? first.stato : null,
      options,
      fetchedAt: now,
    });
  }
  return positions;
}

/** GovPay API Pendenze v2 (Basic or client-certificate authentication). */
export class GovPayConnector implements LiveConnector {
  readonly kind = 'govpay' as const;

  constructor(private readonly o: GovPayOptions) {}

  private request(
    path: string,
    query: Record<string, string | number | undefined>,
    signal: AbortSignal,
    ctx: CallContext,
  ): HttpRequest {
    const headers: Record<string, string> = {};
    if (this.o.auth.mode === 'basic') {
      headers['authorization'] =
        'Basic ' + Buffer.from(`${this.o.auth.username}:${this.o.auth.password}`, 'utf8').toString('base64');
    }
    return {
      url: endpoint(this.o.baseUrl, path, query),
      headers,
      signal,
      maxBytes: ctx.limits.maxResponseBytes,
      ...(this.o.auth.mode === 'ssl' ? { tls: this.o.auth } : {}),
    };
  }

  /**
   * Every page of the citizen's pendenze, each page a request of its own (own deadline, own retries) within
   * the listing's deadline. A page limit, the listing deadline or a later page failing ends the listing as a
   * partial answer with what was read; only a first page that fails fails the lookup.
   */
  async byFiscalCode(fiscalCode: string, ctx: CallContext): Promise<LiveAnswer> {
    const partial = new PartialCollector((item, raw) => ctx.onRefused(item, raw));
    const all: unknown[] = [];
    let read = 0;
    let total: number | null = null;
    let announced = 0;
    let ended = true;
    for (let pagina = 1; ; pagina++) {
      if (pagina > ctx.limits.maxPages) {
        partial.stop('PAGE_LIMIT');
        ended = false;
        break;
      }
      let page: z.infer<typeof pendenze>;
      try {
        page = await ctx.request((signal) =>
          getJson(
            this.request(
              'pendenze',
              {
                idDebitore: fiscalCode,
                idDominio: this.o.idDominio ?? undefined,
                pagina,
                risultatiPerPagina: this.o.pageSize,
              },
              signal,
              ctx,
            ),
            pendenze,
          ),
        );
      } catch (err) {
        if (read === 0) throw err;
        const s = stopReasonOf(err);
        partial.stop(s.reason, s.error, s.retryAfter);
        ended = false;
        break;
      }
      read++;
      total = page.numPagine;
      announced = Math.max(announced, page.numRisultati);
      all.push(...page.risultati);
      if (pagina >= page.numPagine || page.risultati.length === 0) break;
    }
    partial.pages(read, total);
    // Every page read, yet fewer pendenze than the backend counted: the listing moved under us or lost some.
    if (ended && all.length < announced) partial.stop('BACKEND_INCOMPLETE');
    const positions = mapPendenze(all, ctx.now, partial, fiscalCode);
    return { positions, partial: partial.answer() };
  }

  async byNotice(nav: string, ecFiscalCode: string | null, ctx: CallContext): Promise<LiveAnswer> {
    const dom = ecFiscalCode ?? this.o.idDominio;
    if (!dom) throw new AppError('INVALID_INPUT', { reason: 'EC_REQUIRED', field: 'ecFiscalCode' });
    const partial = new PartialCollector((item, raw) => ctx.onRefused(item, raw));
    try {
      const p = await ctx.request((signal) =>
        getJson(this.request(`pendenze/byAvviso/${dom}/${nav}`, {}, signal, ctx), z.unknown()),
      );
      return { positions: mapPendenze([p], ctx.now, partial), partial: partial.answer() };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return { positions: [], partial: null };
      throw err;
    }
  }

  /** The official A4 notice PDF, for the A4 printing path. */
  async noticePdf(idDominio: string, nav: string, ctx: CallContext): Promise<Buffer> {
    const res = await ctx.request((signal) => {
      const req = this.request(`avvisi/${idDominio}/${nav}`, {}, signal, ctx);
      return httpGet({ ...req, headers: { ...req.headers, accept: 'application/pdf' } });
    });
    const err = statusError(res);
    if (err) throw err;
    if (res.body.subarray(0, 5).toString('latin1') !== '%PDF-')
      throw new AppError('BACKEND_MALFORMED', { reason: 'NOT_A_PDF' });
    return res.body;
  }

  async probe(ctx: CallContext): Promise<void> {
    await ctx.request((signal) =>
      getJson(this.request('pendenze', { pagina: 1, risultatiPerPagina: 1 }, signal, ctx), pendenze),
    );
  }
}
