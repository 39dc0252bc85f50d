import type { PaymentCheckView, ReceiptView } from '../../../core/contract/domains/fees';
import { AppError } from '../../../core/contract/errors';
import type { Cents } from '../../../core/money';
import { parseNoticeNumber } from '../../../core/notice-number';
import type { PositionDraft } from '../../../core/positions/payability';
import type { FeeRef, PaymentCheck, ReceiptData } from '../../connectors/fees/types';
import type { CallContext } from '../../connectors/types';
import type { Db } from '../../store/database';
import type { FeeRequestRow, FeeRequests } from '../../store/fees/fee-requests';
import type { PositionsRepo } from '../../store/positions/positions-repo';
import type { AuditLog } from '../audit/audit-log';
import type { BackendConfig } from '../config/sections/backend';
import type { ServicesConfig } from '../config/sections/services';
import { singleCallContext } from '../positions/call-context';
import { withRetry } from '../positions/resilience';
import type { FeeBackendSetup } from './fee-connectors';

export interface FollowUpDeps {
  readonly db: Db;
  readonly backend: BackendConfig;
  readonly services: ServicesConfig;
  readonly audit: AuditLog;
  readonly now: () => Date;
  readonly setup: FeeBackendSetup;
  readonly requests: FeeRequests;
  readonly repo: PositionsRepo;
}

/**
 * After a notice exists: the live payment check (any notice, not only the desk's fees), the receipt data of a
 * paid one from the backend's record, and the annulment of an unpaid fee this desk created.
 */
export class FeeFollowUp {
  constructor(private readonly d: FollowUpDeps) {}

  private ctx(signal: AbortSignal): CallContext {
    return singleCallContext(signal, this.d.now());
  }

  /** The notice as the desk knows it: its fee row (backend id) or its cached position; the EC when ambiguous. */
  private ref(
    rawNav: string,
    rawEc: string | undefined,
  ): { ref: FeeRef; cached: PositionDraft | null; row: FeeRequestRow | null } {
    const n = parseNoticeNumber(rawNav);
    if (!n.ok) throw new AppError('INVALID_INPUT', { field: 'nav', reason: n.reason });
    const nav = n.value.nav;
    const ec = rawEc?.trim() || null;
    const row = this.d.requests.byNav(nav);
    const cached = this.d.repo.byNav(nav, ec)[0] ?? null;
    const ecCode =
      ec ??
      row?.ec_fiscal_code ??
      cached?.creditor.fiscalCode ??
      (this.d.backend.kind === 'govpay' ? this.d.backend.idDominio : null) ??
      (this.d.backend.kind === 'gpd' ? this.d.backend.organizationFiscalCode : null);
    if (!ecCode) throw new AppError('INVALID_INPUT', { field: 'ecFiscalCode', reason: 'EC_REQUIRED' });
    const backendId =
      this.d.setup.kind === 'govpay' && row
        ? `${this.d.services.govpay!.idA2A}/${row.backend_id}`
        : (row?.backend_id ?? cached?.backendId ?? null);
    return { ref: { nav, ecFiscalCode: ecCode, backendId }, cached, row };
  }

  /** A live read; `unknown` with the reason when the backend cannot say now. Never `paid` from the cache. */
  async check(rawNav: string, rawEc?: string): Promise<PaymentCheckView> {
    const { ref, cached } = this.ref(rawNav, rawEc);
    const s = this.d.setup;
    if (s.kind === 'demo') {
      const o = cached?.options.find((x) => x.nav === ref.nav);
      const state: PaymentCheck['state'] = !o
        ? 'unknown'
        : o.status === 'paid'
          ? 'paid'
          : o.status === 'cancelled'
            ? 'annulled'
            : 'not-paid';
      return {
        nav: ref.nav,
        state,
        backendStatus: o?.backendStatus ?? null,
        checkedAt: this.d.now().toISOString(),
        source: 'demo',
        error: null,
      };
    }
    if (s.kind === 'unsupported') throw new AppError('CONFIG_INVALID', { reason: s.reason });
    try {
      const r = await withRetry(s.policy, (signal) => s.connector.check(ref, this.ctx(signal)));
      const at = this.d.now().toISOString();
      if (r.position) this.d.db.transaction(() => this.d.repo.upsert(r.position!))();
      return {
        nav: ref.nav,
        state: r.state,
        backendStatus: r.backendStatus,
        checkedAt: at,
        source: 'live',
        error: null,
      };
    } catch (err) {
      const error = err instanceof AppError ? err.toContractError() : { code: 'INTERNAL' as const };
      return { nav: ref.nav, state: 'unknown', backendStatus: null, checkedAt: null, source: 'live', error };
    }
  }

  /** The receipt data of a paid notice, read live; NOT_PAYABLE-free: an unpaid notice is NOT_FOUND RECEIPT. */
  async receipt(rawNav: string, rawEc?: string): Promise<{ view: ReceiptView; data: ReceiptData }> {
    const { ref, cached } = this.ref(rawNav, rawEc);
    const s = this.d.setup;
    let data: ReceiptData | null = null;
    if (s.kind === 'demo') {
      const o = cached?.options.find((x) => x.nav === ref.nav);
      if (cached && o?.status === 'paid')
        data = {
          creditor: { fiscalCode: cached.creditor.fiscalCode, name: cached.creditor.name },
          payer: { fiscalCode: cached.debtor.fiscalCode, name: cached.debtor.name },
          subject: cached.subject,
          amountPaid: o.amount as Cents,
          paidAt: cached.fetchedAt,
          psp: 'PSP DEMO',
          receiptId: `DEMO-${o.iuv}`,
          nav: o.nav,
          iuv: o.iuv,
          backendPdf: null,
        };
    } else if (s.kind === 'unsupported') throw new AppError('CONFIG_INVALID', { reason: s.reason });
    else data = await withRetry(s.policy, (signal) => s.connector.receipt(ref, this.ctx(signal)));
    if (!data) throw new AppError('NOT_FOUND', { reason: 'NO_RECEIPT' });
    const { backendPdf, ...rest } = data;
    return {
      view: {
        ...rest,
        hasBackendPdf: backendPdf !== null,
        checkedAt: this.d.now().toISOString(),
        demo: this.d.setup.kind === 'demo',
      },
      data,
    };
  }

  /** Annuls an unpaid fee this desk created; a paid one, or one created elsewhere, is refused. */
  async annul(
    rawNav: string,
    rawEc: string | undefined,
    reason: string,
    operator: string,
  ): Promise<PaymentCheckView> {
    const { ref, cached, row } = this.ref(rawNav, rawEc);
    if (!row || row.state === 'reserved')
      throw new AppError('INVALID_INPUT', { field: 'nav', reason: 'NOT_CREATED_HERE' });
    if (row.state === 'annulled')
      throw new AppError('INVALID_INPUT', { field: 'nav', reason: 'ALREADY_ANNULLED' });
    const now = await this.check(ref.nav, ref.ecFiscalCode);
    if (now.state === 'paid' || now.state === 'in-progress')
      throw new AppError('INVALID_INPUT', {
        field: 'nav',
        reason: now.state === 'paid' ? 'ALREADY_PAID' : 'PAYMENT_IN_PROGRESS',
      });
    if (now.state === 'unknown' && now.error) throw new AppError(now.error.code, now.error.details);
    const s = this.d.setup;
    if (s.kind === 'govpay' || s.kind === 'gpd')
      await withRetry(s.policy, (signal) => s.connector.annul(ref, reason, this.ctx(signal)));
    const at = this.d.now().toISOString();
    const fresh = this.d.repo.byNav(ref.nav, ref.ecFiscalCode)[0] ?? cached;
    this.d.db.transaction(() => {
      this.d.requests.annul(row.id, at);
      if (fresh)
        this.d.repo.upsert({
          ...fresh,
          status: 'cancelled',
          backendStatus: s.kind === 'gpd' ? 'DELETED' : s.kind === 'govpay' ? 'ANNULLATA' : 'DEMO',
          fetchedAt: at,
          options: fresh.options.map((o) => (o.nav === ref.nav ? { ...o, status: 'cancelled' as const } : o)),
        });
    })();
    this.d.audit.record({
      actor: operator,
      action: 'fee.annulled',
      subject: ref.nav,
      details: { service: row.service_id, reason, backendId: row.backend_id },
    });
    return {
      nav: ref.nav,
      state: 'annulled',
      backendStatus: null,
      checkedAt: at,
      source: s.kind === 'demo' ? 'demo' : 'live',
      error: null,
    };
  }
}
