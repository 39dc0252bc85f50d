import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import { z } from 'zod';
import { AppError } from '../../core/contract/errors';
import { toCents } from '../../core/money';
import { mypayOptionStatus } from '../../core/positions/backend-status';
import { derivePositionStatus, type PositionDraft } from '../../core/positions/payability';
import { PartialCollector } from '../../core/positions/partial';
import { endpoint, getJson } from './http';
import { calendarDate, checkedNotice, clip, debtorOf, rawField } from './mapping';
import type { CallContext, LiveAnswer, LiveConnector } from './types';

// Field names as MyPay writes them, misspellings included (codiceFicaleIntestatario, anagaraficaIntestatario).
const dovuto = z.object({
  stato: z.object({ code: z.string().min(1).max(64), descr: z.string().max(200).optional() }).optional(),
  numeroAvviso: z.string().min(1).max(40),
  iuv: z.string().max(35).optional(),
  ente: z.object({
    code: z.string().max(64).optional(),
    codiceFiscale: z.string().regex(/^\d{11}$/),
    descrizione: z.string().min(1).max(140),
  }),
  tipoDovuto: z.object({ code: z.string().max(64), descr: z.string().max(200).optional() }).optional(),
  causale: z.string().max(1024).optional(),
  codiceFicaleIntestatario: z.string().min(11).max(16),
  anagaraficaIntestatario: z.string().max(140).optional(),
  dataScadenza: z.string().optional(),
  importo: z.number(),
  idPagamento: z.union([z.string(), z.number()]).optional(),
});
// Items are validated one by one (mapDovuti): one bad dovuto is refused and named, not the whole list.
const lista = z.object({
  count: z.number().int().min(0),
  incomplete: z.boolean().optional(),
  data: z.array(z.unknown()),
});

export interface MyPayOptions {
  readonly baseUrl: string;
  readonly applicationName: string;
  /** PKCS#8 PEM, from the secret store. */
  readonly privateKeyPem: string;
  readonly codiceEnte: string | null;
  readonly pastDays: number;
  readonly futureDays: number;
  readonly tokenTtlSeconds: number;
}

const slashDate = (iso: string) => iso.replaceAll('-', '/');

function shiftDays(today: string, days: number): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Dovuti → positions, one each. A dovuto the desk cannot use (schema, notice number, amount, another debtor)
 * is refused into `partial` with its IUV and notice number as MyPay sent them.
 */
export function mapDovuti(
  list: readonly unknown[],
  paid: boolean,
  now: string,
  partial: PartialCollector,
  debtor: string | null = null,
): PositionDraft[] {
  const out: PositionDraft[] = [];
  const refuse = (raw: unknown, reason: string, field: string | null) =>
    partial.refuse(
      {
        backendId: rawField(raw, 'iuv') ?? rawField(raw, 'numeroAvviso') ?? '?',
        nav: rawField(raw, 'numeroAvviso'),
        reason,
        field,
      },
      raw,
    );
  for (const raw of list) {
    const parsed = dovuto.safeParse(raw);
    if (!parsed.success) {
      refuse(raw, 'SCHEMA', parsed.error.issues[0]?.path.map(String).join('.') ?? null);
      continue;
    }
    const d = parsed.data;
    const notice = checkedNotice(d.numeroAvviso);
    if (!notice) {
      refuse(raw, 'NAV', 'numeroAvviso');
      continue;
    }
    const amount = toCents(d.importo);
    if (!amount.ok) {
      refuse(raw, 'AMOUNT', 'importo');
      continue;
    }
    if (amount.value === 0) {
      refuse(raw, 'ZERO_AMOUNT', 'importo');
      continue;
    }
    if (debtor !== null && debtorOf(d.codiceFicaleIntestatario, null).fiscalCode !== debtor) {
      refuse(raw, 'DEBTOR_MISMATCH', 'codiceFicaleIntestatario');
      continue;
    }
    const status = paid ? 'paid' : mypayOptionStatus(d.stato?.code ?? '');
    const id = `mypay:${d.ente.codiceFiscale}:${notice.iuv}`;
    const options = [
      {
        id: `${id}#${notice.nav}`,
        nav: notice.nav,
        iuv: notice.iuv,
        amount: amount.value,
        dueDate: calendarDate(d.dataScadenza),
        kind: 'single' as const,
        planSize: 1,
        index: null,
        status,
        backendStatus: paid ? 'PAGATO' : (d.stato?.code ?? null),
        description: clip(d.tipoDovuto?.descr, 280),
      },
    ];
    out.push({
      id,
      connector: 'mypay',
      backendId: notice.iuv,
      creditor: {
        fiscalCode: d.ente.codiceFiscale,
        name: d.ente.descrizione,
        ipaCode: d.ente.code ?? null,
        cbill: null,
        sector: null,
        info: null,
      },
      debtor: debtorOf(d.codiceFicaleIntestatario, d.anagaraficaIntestatario),
      subject: (d.causale ?? d.tipoDovuto?.descr ?? '').slice(0, 280),
      status: derivePositionStatus(options),
      backendStatus: options[0]!.backendStatus,
      options,
      fetchedAt: now,
    });
  }
  return out;
}

/**
 * MyPay 4 A2A (Regione Lombardia's Portale Pagamenti). Every request carries a fresh RS256 JWT with a unique
 * `jti`: MyPay refuses a token seen before, so tokens are never cached or reused.
 */
export class MyPayConnector implements LiveConnector {
  readonly kind = 'mypay' as const;
  private key: CryptoKey | null = null;

  constructor(private readonly o: MyPayOptions) {}

  private async token(): Promise<string> {
    if (!this.key) {
      try {
        this.key = await importPKCS8(this.o.privateKeyPem, 'RS256');
      } catch (err) {
        throw new AppError('CONFIG_INVALID', { reason: 'MYPAY_PRIVATE_KEY' }, { cause: err });
      }
    }
    const iat = Math.floor(Date.now() / 1000);
    return new SignJWT({ type: 'a2a' })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(this.o.applicationName)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.o.tokenTtlSeconds)
      .setJti(randomUUID())
      .sign(this.key);
  }

  private async get<T extends z.ZodType>(
    path: string,
    query: Record<string, string | undefined>,
    schema: T,
    ctx: CallContext,
  ) {
    // A fresh token per attempt: MyPay refuses a jti it has seen, retries included.
    return ctx.request(async (signal) =>
      getJson(
        {
          url: endpoint(this.o.baseUrl, path, query),
          headers: { authorization: `Bearer ${await this.token()}` },
          signal,
          maxBytes: ctx.limits.maxResponseBytes,
        },
        schema,
      ),
    );
  }

  async byFiscalCode(fiscalCode: string, ctx: CallContext): Promise<LiveAnswer> {
    // The API wants `da` on or before today and `a` on or after it.
    const window = {
      da: slashDate(shiftDays(ctx.today, -this.o.pastDays)),
      a: slashDate(shiftDays(ctx.today, this.o.futureDays)),
    };
    const cf = encodeURIComponent(fiscalCode);
    const partial = new PartialCollector((item, raw) => ctx.onRefused(item, raw));
    // Both lists are needed for a whole answer: one failing fails the lookup (the cache stays, with the error).
    const [open, paid] = await Promise.all([
      this.get(
        `a2a/app/dovuti/ricerca/${cf}`,
        { ...window, codiceEnte: this.o.codiceEnte ?? undefined },
        lista,
        ctx,
      ),
      this.get(`a2a/app/pagati/ricerca/${cf}`, window, lista, ctx),
    ]);
    // MyPay says itself when it did not send everything (a search cut at its own maximum).
    if (open.incomplete === true || paid.incomplete === true) partial.stop('BACKEND_INCOMPLETE');
    if (open.data.length < open.count || paid.data.length < paid.count) partial.stop('BACKEND_INCOMPLETE');
    const byId = new Map<string, PositionDraft>();
    for (const p of mapDovuti(open.data, false, ctx.now, partial, fiscalCode)) byId.set(p.id, p);
    // What MyPay lists as paid wins over an open dovuto for the same IUV.
    for (const p of mapDovuti(paid.data, true, ctx.now, partial, fiscalCode)) byId.set(p.id, p);
    return { positions: [...byId.values()], partial: partial.answer() };
  }

  async byNotice(nav: string, _ec: string | null, ctx: CallContext): Promise<LiveAnswer> {
    const partial = new PartialCollector((item, raw) => ctx.onRefused(item, raw));
    try {
      const d = await this.get(`a2a/app/dovuti/avviso/${nav}`, {}, z.unknown(), ctx);
      return { positions: mapDovuti([d], false, ctx.now, partial), partial: partial.answer() };
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return { positions: [], partial: null };
      throw err;
    }
  }

  async probe(ctx: CallContext): Promise<void> {
    // A search for a code nobody has: authenticates and exercises the main path without personal data.
    await this.get(
      'a2a/app/dovuti/ricerca/00000000000',
      { da: slashDate(ctx.today), a: slashDate(ctx.today) },
      lista,
      ctx,
    );
  }
}
