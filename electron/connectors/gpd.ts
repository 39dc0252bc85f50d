import { z } from 'zod';
import { gpdOptionStatus, gpdPositionStatus } from '../../core/positions/backend-status';
import type { OptionDraft, PositionDraft } from '../../core/positions/payability';
import { toCents } from '../../core/money';
import { PartialCollector } from '../../core/positions/partial';
import { endpoint, getJson } from './http';
import { calendarDate, checkedNotice, clip, debtorOf, rawField } from './mapping';
import type { CallContext, SyncConnector, SyncPage, SyncWindow } from './types';

const installment = z.object({
  nav: z.string(),
  iuv: z.string().max(35),
  organizationFiscalCode: z.string().optional(),
  amount: z.number().int(),
  description: z.string().max(1024).optional(),
  dueDate: z.string().optional(),
  status: z.string().max(32),
});
const debtor = z.object({
  type: z.enum(['F', 'G']),
  // `ANONIMO`: pagoPA's anonymous payer, as a fee created at the desk without a payer is filed.
  fiscalCode: z.union([z.string().min(11).max(16), z.literal('ANONIMO')]),
  fullName: z.string().max(140),
});
const option = z.object({
  debtor,
  installments: z.array(installment).min(1).max(100),
  switchToExpired: z.boolean().optional(),
});
const position = z.object({
  iupd: z.string().min(1).max(200),
  organizationFiscalCode: z.string().regex(/^\d{11}$/),
  companyName: z.string().min(1).max(140),
  officeName: z.string().max(140).optional(),
  status: z.string().max(32),
  paymentOption: z.array(option).min(1).max(100),
});
type GpdPosition = z.infer<typeof position>;
// Positions are validated one by one (mapGpdPosition): one bad position is refused and named, not the page.
const listSchema = z.object({
  payment_position_list: z.array(z.unknown()),
  page_info: z.object({
    page: z.number().int().min(0),
    limit: z.number().int().min(0),
    items_found: z.number().int().min(0),
    total_pages: z.number().int().min(0),
  }),
});

export interface GpdOptions {
  readonly baseUrl: string;
  readonly organizationFiscalCode: string;
  readonly subscriptionKey: string;
  readonly windowDays: number;
  readonly pageSize: number;
  readonly pastDays: number;
  readonly futureDays: number;
}

/**
 * One GPD v3 position → one cache position per debtor. A payment option with one instalment is a single
 * payment; one with several is an instalment plan. v3 carries the debtor per option, so a position whose
 * options name different debtors is split by debtor.
 */
export function mapGpdPosition(raw: unknown, now: string, partial: PartialCollector): PositionDraft[] {
  const parsed = position.safeParse(raw);
  if (!parsed.success) {
    partial.refuse(
      {
        backendId: rawField(raw, 'iupd') ?? '?',
        nav: null,
        reason: 'SCHEMA',
        field: parsed.error.issues[0]?.path.map(String).join('.') ?? null,
      },
      raw,
    );
    return [];
  }
  const p: GpdPosition = parsed.data;
  const byDebtor = new Map<string, PositionDraft & { options: OptionDraft[] }>();
  for (const po of p.paymentOption) {
    const d = debtorOf(po.debtor.fiscalCode, po.debtor.fullName, po.debtor.type);
    let target = byDebtor.get(d.fiscalCode);
    if (!target) {
      const id = `gpd:${p.organizationFiscalCode}:${p.iupd}${byDebtor.size === 0 ? '' : `:${d.fiscalCode}`}`;
      target = {
        id,
        connector: 'gpd',
        backendId: p.iupd,
        creditor: {
          fiscalCode: p.organizationFiscalCode,
          name: p.companyName,
          ipaCode: null,
          cbill: null,
          sector: clip(p.officeName, 140),
          info: null,
        },
        debtor: d,
        subject: (po.installments[0]?.description ?? '').slice(0, 280),
        status: gpdPositionStatus(p.status),
        backendStatus: p.status,
        options: [],
        fetchedAt: now,
      };
      byDebtor.set(d.fiscalCode, target);
    }
    const plan = po.installments.length > 1;
    po.installments.forEach((ins, i) => {
      const notice = checkedNotice(ins.nav);
      const amount = toCents(ins.amount);
      // GPD's own specification requires at least one cent.
      const reason = !notice ? 'NAV' : !amount.ok ? 'AMOUNT' : amount.value === 0 ? 'ZERO_AMOUNT' : null;
      if (reason !== null || !notice || !amount.ok) {
        partial.refuse(
          {
            backendId: p.iupd,
            nav: ins.nav.slice(0, 40),
            reason: reason ?? 'AMOUNT',
            field: reason === 'NAV' ? 'nav' : 'amount',
          },
          { iupd: p.iupd, organizationFiscalCode: p.organizationFiscalCode, installment: ins },
        );
        return;
      }
      target.options.push({
        id: `${target.id}#${notice.nav}`,
        nav: notice.nav,
        iuv: notice.iuv,
        amount: amount.value,
        dueDate: calendarDate(ins.dueDate),
        kind: plan ? 'instalment' : 'single',
        planSize: po.installments.length,
        index: plan ? i + 1 : null,
        status: gpdOptionStatus(ins.status),
        backendStatus: ins.status,
        description: clip(ins.description, 280),
      });
    });
  }
  return [...byDebtor.values()].filter((p) => p.options.length > 0);
}

/** pagoPA GPD v3: no search by debtor, so the EC's positions are synced window by window, page by page. */
export class GpdConnector implements SyncConnector {
  readonly kind = 'gpd' as const;
  readonly windowDays: number;
  readonly horizon: { pastDays: number; futureDays: number };

  constructor(private readonly o: GpdOptions) {
    this.windowDays = Math.min(30, Math.max(1, o.windowDays));
    this.horizon = { pastDays: o.pastDays, futureDays: o.futureDays };
  }

  async page(window: SyncWindow, page: number, ctx: CallContext): Promise<SyncPage> {
    const body = await ctx.request((signal) =>
      getJson(
        {
          url: endpoint(this.o.baseUrl, `organizations/${this.o.organizationFiscalCode}/debtpositions`, {
            ...(window.by === 'payment'
              ? { payment_date_from: window.from, payment_date_to: window.to }
              : { due_date_from: window.from, due_date_to: window.to }),
            page,
            limit: Math.min(50, this.o.pageSize),
            orderby: 'INSERTED_DATE',
            ordering: 'ASC',
          }),
          headers: { 'ocp-apim-subscription-key': this.o.subscriptionKey },
          signal,
          maxBytes: ctx.limits.maxResponseBytes,
        },
        listSchema,
      ),
    );
    const partial = new PartialCollector((item, raw) => ctx.onRefused(item, raw));
    return {
      positions: body.payment_position_list.flatMap((p) => mapGpdPosition(p, ctx.now, partial)),
      totalPages: body.page_info.total_pages,
      partial: partial.answer(),
    };
  }

  async probe(ctx: CallContext): Promise<void> {
    await this.page({ from: ctx.today, to: ctx.today, by: 'due' }, 0, ctx);
  }
}
