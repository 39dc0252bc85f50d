import { z } from 'zod';
import { AppError } from '../../../core/contract/errors';
import { toCents, type Cents } from '../../../core/money';
import type { PositionDraft } from '../../../core/positions/payability';
import { PartialCollector } from '../../../core/positions/partial';
import { mapGpdPosition } from '../gpd';
import { endpoint, type HttpResponse } from '../http';
import { checkedNotice } from '../mapping';
import type { CallContext } from '../types';
import { parseBody, send, type SendRequest } from './http-send';
import { refusal } from './refusals';
import type { FeeConnector, FeeCreateRequest, FeeRef, PaymentCheck, ReceiptData } from './types';

const installment = z
  .object({
    nav: z.string().max(35),
    iuv: z.string().max(35),
    amount: z.number().int(),
    description: z.string().max(1024).optional(),
    dueDate: z.string().optional(),
    status: z.string().max(32),
    paymentDate: z.string().max(40).nullish(),
    pspCompany: z.string().max(140).nullish(),
    idReceipt: z.string().max(100).nullish(),
  })
  .passthrough();
const position = z
  .object({
    iupd: z.string().min(1).max(200),
    organizationFiscalCode: z.string().regex(/^\d{11}$/),
    companyName: z.string().min(1).max(140),
    officeName: z.string().max(140).optional(),
    status: z.string().max(32),
    paymentOption: z
      .array(
        z
          .object({
            debtor: z.object({
              type: z.enum(['F', 'G']),
              fiscalCode: z.string().min(1).max(16),
              fullName: z.string().max(140),
            }),
            installments: z.array(installment).min(1).max(100),
          })
          .passthrough(),
      )
      .min(1)
      .max(100),
  })
  .passthrough();
type GpdDetail = z.infer<typeof position>;

export interface GpdFeeOptions {
  readonly baseUrl: string;
  readonly organizationFiscalCode: string;
  readonly subscriptionKey: string;
}

const PAID = new Set(['PAID', 'REPORTED', 'PARTIALLY_REPORTED']);

/**
 * pagoPA GPD v3 for fees: POST debtpositions with the desk's iupd and the IUV it reserved, then publish. A
 * 409 on either step after a timeout is the desk's own earlier attempt having gone through: the position is
 * read back by iupd and, if it carries the reserved IUV, finished (published) rather than made again.
 */
export class GpdFeeConnector implements FeeConnector {
  readonly kind = 'gpd' as const;

  constructor(private readonly o: GpdFeeOptions) {}

  private req(method: SendRequest['method'], path: string, ctx: CallContext, body?: unknown): SendRequest {
    return {
      method,
      url: endpoint(this.o.baseUrl, `organizations/${this.o.organizationFiscalCode}/debtpositions${path}`),
      headers: { 'ocp-apim-subscription-key': this.o.subscriptionKey },
      signal: ctx.signal,
      ...(body === undefined ? {} : { body }),
    };
  }

  private async call(r: SendRequest): Promise<HttpResponse> {
    const res = await send(r);
    const err = refusal(res, 'gpd');
    if (err) throw err;
    return res;
  }

  private async get(iupd: string, ctx: CallContext): Promise<GpdDetail | null> {
    try {
      return parseBody(await this.call(this.req('GET', `/${encodeURIComponent(iupd)}`, ctx)), position);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async create(f: FeeCreateRequest, ctx: CallContext): Promise<PositionDraft> {
    if (!f.iuv || !f.nav) throw new AppError('INTERNAL', { reason: 'IUV_NOT_RESERVED' });
    const body = {
      iupd: f.backendId,
      companyName: f.creditor.name,
      paymentOption: [
        {
          debtor: {
            type: f.debtor.kind,
            fiscalCode: f.debtor.fiscalCode,
            // Required by GPD: a payer known only by code is named by it, never as anonymous.
            fullName: f.debtor.name ?? f.debtor.fiscalCode,
          },
          switchToExpired: false,
          installments: [
            {
              iuv: f.iuv,
              amount: f.total,
              description: f.causale,
              dueDate: `${f.dueDate}T23:59:59`,
              transfer: f.lines.flatMap((l) =>
                l.kind !== 'gpd'
                  ? []
                  : [
                      {
                        idTransfer: l.idTransfer,
                        amount: l.cents,
                        remittanceInformation: l.remittanceInformation,
                        category: l.category,
                        iban: l.iban,
                        ...(l.organizationFiscalCode
                          ? { organizationFiscalCode: l.organizationFiscalCode }
                          : {}),
                      },
                    ],
              ),
            },
          ],
        },
      ],
    };
    try {
      await this.call(this.req('POST', '', ctx, body));
    } catch (err) {
      if (!(err instanceof AppError && err.details?.['reason'] === 'CONFLICT')) throw err;
      const mine = await this.get(f.backendId, ctx);
      // A 409 for an iupd that is not the desk's earlier attempt at this very fee is a real conflict.
      if (!mine?.paymentOption.some((o) => o.installments.some((i) => i.iuv === f.iuv))) throw err;
      if (mine.status !== 'DRAFT') return this.draft(mine, ctx.now, f.nav);
    }
    try {
      await this.call(this.req('POST', `/${encodeURIComponent(f.backendId)}/publish`, ctx));
    } catch (err) {
      if (!(err instanceof AppError && err.details?.['reason'] === 'CONFLICT')) throw err;
      const mine = await this.get(f.backendId, ctx);
      if (!mine || mine.status === 'DRAFT') throw err;
      return this.draft(mine, ctx.now, f.nav);
    }
    const now = await this.get(f.backendId, ctx);
    if (!now) throw new AppError('BACKEND_MALFORMED', { reason: 'CREATED_NOT_FOUND', backend: 'gpd' });
    return this.draft(now, ctx.now, f.nav);
  }

  private draft(p: GpdDetail, now: string, nav: string): PositionDraft {
    const partial = new PartialCollector();
    const list = mapGpdPosition(p, now, partial);
    const found = list.find((x) => x.options.some((o) => o.nav === nav));
    if (!found)
      throw new AppError('BACKEND_MALFORMED', {
        reason: 'CREATED_NOTICE',
        backend: 'gpd',
        refused: partial.answer()?.refused.map((r) => `${r.reason}:${r.field ?? ''}`) ?? [],
      });
    return found;
  }

  private find(p: GpdDetail, nav: string) {
    for (const o of p.paymentOption)
      for (const i of o.installments) if (checkedNotice(i.nav)?.nav === nav) return { o, i };
    return null;
  }

  async check(ref: FeeRef, ctx: CallContext): Promise<PaymentCheck> {
    if (!ref.backendId) return { state: 'unknown', backendStatus: null, position: null };
    const p = await this.get(ref.backendId, ctx);
    const hit = p ? this.find(p, ref.nav) : null;
    if (!p || !hit) return { state: 'unknown', backendStatus: null, position: null };
    const state: PaymentCheck['state'] = PAID.has(hit.i.status)
      ? 'paid'
      : hit.i.status === 'UNPAID' || hit.i.status === 'EXPIRED' || hit.i.status === 'UNPAYABLE'
        ? 'not-paid'
        : 'unknown';
    return { state, backendStatus: hit.i.status, position: this.draft(p, ctx.now, ref.nav) };
  }

  async receipt(ref: FeeRef, ctx: CallContext): Promise<ReceiptData | null> {
    if (!ref.backendId) return null;
    const p = await this.get(ref.backendId, ctx);
    const hit = p ? this.find(p, ref.nav) : null;
    if (!p || !hit || !PAID.has(hit.i.status)) return null;
    const amount = toCents(hit.i.amount);
    if (!amount.ok) throw new AppError('BACKEND_MALFORMED', { reason: 'AMOUNT', backend: 'gpd' });
    return {
      creditor: { fiscalCode: p.organizationFiscalCode, name: p.companyName },
      payer: { fiscalCode: hit.o.debtor.fiscalCode, name: hit.o.debtor.fullName || null },
      subject: hit.i.description ?? '',
      amountPaid: amount.value as Cents,
      paidAt: hit.i.paymentDate ?? '',
      psp: hit.i.pspCompany ?? null,
      receiptId: hit.i.idReceipt ?? null,
      nav: ref.nav,
      iuv: hit.i.iuv,
      backendPdf: null,
    };
  }

  /** GPD v3 has no invalidate: an unpaid position is deleted (GPD itself refuses, 409, once it is paid). */
  async annul(ref: FeeRef, _reason: string, ctx: CallContext): Promise<void> {
    if (!ref.backendId) throw new AppError('NOT_FOUND', { reason: 'NOTICE_UNKNOWN' });
    await this.call(this.req('DELETE', `/${encodeURIComponent(ref.backendId)}`, ctx));
  }
}
