import { createHash, randomBytes } from 'node:crypto';
import type { FeeCatalogueSchema } from './view-types';
import type {
  FeeCreated,
  FeeQuote,
  FeeServiceView,
  PaymentCheckView,
  ReceiptView,
} from '../../../core/contract/domains/fees';
import { AppError } from '../../../core/contract/errors';
import {
  addCalendarDays,
  fillCausale,
  navForIuvBase,
  quoteAmount,
  splitShares,
} from '../../../core/fees/quote';
import { parseFiscalCode } from '../../../core/fiscal-code';
import type { Cents } from '../../../core/money';
import type { PositionDraft } from '../../../core/positions/payability';
import type { FeeCreateRequest, FeeLine, ReceiptData } from '../../connectors/fees/types';
import type { CallContext } from '../../connectors/types';
import {
  FeeRequests,
  IuvRangeExhausted,
  type FeeRequestRow,
  type IuvRange,
} from '../../store/fees/fee-requests';
import { PositionsRepo } from '../../store/positions/positions-repo';
import type { Db } from '../../store/database';
import type { AuditLog } from '../audit/audit-log';
import type { BackendConfig } from '../config/sections/backend';
import type { FeeService as CatalogueEntry, ServicesConfig } from '../config/sections/services';
import type { Logger } from '../log';
import type { PositionsService } from '../positions/positions-service';
import { singleCallContext } from '../positions/call-context';
import { localDay } from '../positions/dates';
import { withRetry } from '../positions/resilience';
import { DEMO_CATALOGUE, DEMO_IUV_RANGE, demoFeeDraft } from './demo-catalogue';
import { feeBackend, type FeeBackendSetup } from './fee-connectors';
import { FeeFollowUp } from './fee-follow-up';
import type { SecretStore } from '../platform/types';

export interface FeeInput {
  readonly serviceId: string;
  readonly fiscalCode?: string | undefined;
  readonly payerName?: string | undefined;
  readonly anonymous?: boolean | undefined;
  readonly quantity?: number | undefined;
  readonly amountCents?: number | undefined;
}

export interface FeeServiceDeps {
  readonly db: Db;
  readonly backend: BackendConfig;
  readonly services: ServicesConfig;
  readonly secrets: SecretStore;
  readonly positions: PositionsService;
  readonly audit: AuditLog;
  readonly log: Logger;
  readonly now: () => Date;
}

/**
 * Fees asked at the desk: create a single-payment position for a catalogue service on the backend, check a
 * notice live, fetch its receipt data, annul an unpaid fee the desk created. A position reaches the cache (and
 * so the print dialog) only from the backend's own confirmation.
 */
export class FeeService {
  readonly requests: FeeRequests;
  private readonly repo: PositionsRepo;
  private readonly setup: FeeBackendSetup;
  private readonly followUp: FeeFollowUp;

  constructor(private readonly d: FeeServiceDeps) {
    this.requests = new FeeRequests(d.db);
    this.repo = new PositionsRepo(d.db);
    this.setup = feeBackend(d.backend, d.services, d.secrets);
    this.followUp = new FeeFollowUp({ ...d, setup: this.setup, requests: this.requests, repo: this.repo });
  }

  get backendSetup(): FeeBackendSetup {
    return this.setup;
  }

  private get demo(): boolean {
    return this.setup.kind === 'demo';
  }

  /** Demo mode with no catalogue configured uses the built-in demo one. */
  entries(): readonly CatalogueEntry[] {
    return this.demo && this.d.services.catalogue.length === 0 ? DEMO_CATALOGUE : this.d.services.catalogue;
  }

  catalogue(): FeeCatalogueSchema {
    const s = this.setup;
    const usable = this.entries().filter(
      (e) => s.kind === 'demo' || (s.kind === 'govpay' ? !!e.govpay : s.kind === 'gpd' ? !!e.gpd : false),
    );
    return {
      services: usable.map((e): FeeServiceView => ({
        id: e.id,
        label: e.label,
        creditor: e.creditor,
        amount: e.amount,
        dueInDays: e.dueInDays,
        anonymousAllowed: e.anonymousAllowed,
        demo: this.demo,
      })),
      available: s.kind !== 'unsupported',
      unavailableReason: s.kind === 'unsupported' ? s.reason : null,
      backend: this.d.backend.kind,
    };
  }

  private entry(id: string): CatalogueEntry {
    const e = this.entries().find((x) => x.id === id);
    if (!e) throw new AppError('NOT_FOUND', { reason: 'SERVICE_UNKNOWN', serviceId: id.slice(0, 40) });
    return e;
  }

  private payer(e: CatalogueEntry, input: FeeInput): FeeCreateRequest['debtor'] {
    if (input.anonymous) {
      if (!e.anonymousAllowed)
        throw new AppError('INVALID_INPUT', { field: 'anonymous', reason: 'ANONYMOUS_NOT_ALLOWED' });
      if (input.fiscalCode)
        throw new AppError('INVALID_INPUT', { field: 'fiscalCode', reason: 'ANONYMOUS_WITH_CODE' });
      return { fiscalCode: 'ANONIMO', kind: 'F', name: null };
    }
    if (!input.fiscalCode)
      throw new AppError('INVALID_INPUT', { field: 'fiscalCode', reason: 'PAYER_REQUIRED' });
    const r = parseFiscalCode(input.fiscalCode, { today: localDay(this.d.now()) });
    if (!r.ok) throw new AppError('INVALID_INPUT', { field: 'fiscalCode', reason: r.reason });
    const name = input.payerName?.trim().replace(/\s+/g, ' ').slice(0, 70) || null;
    return r.value.kind === 'person'
      ? { fiscalCode: r.value.person.code, kind: 'F', name }
      : { fiscalCode: r.value.code, kind: 'G', name };
  }

  quote(input: FeeInput): FeeQuote {
    const e = this.entry(input.serviceId);
    const debtor = this.payer(e, input);
    const q = quoteAmount(e.amount, { quantity: input.quantity, amountCents: input.amountCents });
    if (!q.ok)
      throw new AppError('INVALID_INPUT', {
        field: q.reason.startsWith('QUANTITY') ? 'quantity' : 'amount',
        reason: q.reason,
        ...q.detail,
      });
    const [cognome, ...nomi] = (debtor.name ?? '').split(' ');
    const causale = fillCausale(e.causale, {
      servizio: e.label.it,
      cognome: debtor.name ? (cognome ?? '') : null,
      nome: debtor.name ? nomi.join(' ') : null,
      codiceFiscale: debtor.fiscalCode === 'ANONIMO' ? null : debtor.fiscalCode,
      quantita: q.value.quantity,
    });
    return {
      serviceId: e.id,
      total: q.value.total,
      quantity: q.value.quantity,
      dueDate: addCalendarDays(localDay(this.d.now()), e.dueInDays),
      causale: causale || e.label.it,
      anonymous: debtor.fiscalCode === 'ANONIMO',
    };
  }

  private lines(e: CatalogueEntry, total: Cents): FeeLine[] {
    if (this.setup.kind === 'govpay' && e.govpay) {
      const split = splitShares(
        total,
        e.govpay.voci.map((v) => v.share),
      );
      if (!split.ok) throw new AppError('CONFIG_INVALID', { reason: 'SHARES', serviceId: e.id });
      return e.govpay.voci.map((v, i) => ({
        kind: 'govpay',
        idVocePendenza: v.idVocePendenza,
        descrizione: v.descrizione,
        cents: split.value[i]!,
        ibanAccredito: v.ibanAccredito,
        tipoContabilita: v.tipoContabilita,
        codiceContabilita: v.codiceContabilita,
        codEntrata: v.codEntrata,
        idDominio: v.idDominio,
      }));
    }
    if (this.setup.kind === 'gpd' && e.gpd) {
      const split = splitShares(
        total,
        e.gpd.transfers.map((t) => t.share),
      );
      if (!split.ok) throw new AppError('CONFIG_INVALID', { reason: 'SHARES', serviceId: e.id });
      return e.gpd.transfers.map((t, i) => ({
        kind: 'gpd',
        idTransfer: t.idTransfer,
        cents: split.value[i]!,
        iban: t.iban,
        category: t.category,
        remittanceInformation: t.remittanceInformation,
        organizationFiscalCode: t.organizationFiscalCode,
      }));
    }
    if (this.setup.kind === 'demo') return [];
    throw new AppError('CONFIG_INVALID', { reason: 'SERVICE_NOT_FOR_BACKEND', serviceId: e.id });
  }

  /** The IUV range of this desk for the configured backend; GovPay makes its own IUVs. */
  private range(e: CatalogueEntry): { range: IuvRange; seg: string } | null {
    if (this.setup.kind === 'demo')
      return {
        range: { scheme: `demo:${DEMO_IUV_RANGE.segregationCode}`, ...DEMO_IUV_RANGE },
        seg: DEMO_IUV_RANGE.segregationCode,
      };
    if (this.setup.kind === 'gpd') {
      const r = this.d.services.gpd!.iuv;
      return {
        range: { scheme: `gpd:${e.creditor.fiscalCode}:${r.segregationCode}`, from: r.from, to: r.to },
        seg: r.segregationCode,
      };
    }
    return null;
  }

  private backendId(): string {
    // ≤ 35 characters of [A-Za-z0-9-]: what GovPay's idPendenza allows, and a readable GPD iupd.
    const t = this.d.now().getTime().toString(36).toUpperCase();
    return `S-${this.d.services.deskCode}-${t}-${randomBytes(4).toString('hex').toUpperCase()}`;
  }

  async create(input: FeeInput & { requestKey: string }, operator: string): Promise<FeeCreated> {
    const s = this.setup;
    if (s.kind === 'unsupported') throw new AppError('CONFIG_INVALID', { reason: s.reason });
    const e = this.entry(input.serviceId);
    const quote = this.quote(input);
    const debtor = this.payer(e, input);
    const hash = createHash('sha256')
      .update(JSON.stringify([e.id, debtor.fiscalCode, quote.total, quote.quantity]))
      .digest('hex');
    let row = this.requests.byKey(input.requestKey);
    if (row && row.request_hash !== hash)
      throw new AppError('INVALID_INPUT', { field: 'requestKey', reason: 'REQUEST_KEY_REUSED' });
    if (row?.state === 'created') return this.answer(row, quote, true);
    if (row?.state === 'annulled')
      throw new AppError('INVALID_INPUT', { field: 'requestKey', reason: 'ANNULLED' });
    if (!row) {
      const r = this.range(e);
      try {
        row = this.requests.reserve(
          {
            request_key: input.requestKey,
            request_hash: hash,
            backend: s.kind,
            backend_id: this.backendId(),
            service_id: e.id,
            ec_fiscal_code: e.creditor.fiscalCode,
            amount_cents: quote.total,
            operator,
            created_at: this.d.now().toISOString(),
          },
          r?.range ?? null,
          (base) => {
            const n = navForIuvBase(r!.seg, base);
            if (!n.ok) throw new AppError('CONFIG_INVALID', { reason: 'IUV_SCHEME' });
            return { iuv: n.value.iuv, nav: n.value.nav };
          },
        );
      } catch (err) {
        if (err instanceof IuvRangeExhausted)
          throw new AppError('CONFIG_INVALID', { reason: 'IUV_RANGE_EXHAUSTED' });
        throw err;
      }
    }
    const req: FeeCreateRequest = {
      backendId: row.backend_id,
      serviceId: e.id,
      idTipoPendenza: e.govpay?.idTipoPendenza ?? null,
      creditor: e.creditor,
      debtor,
      causale: quote.causale,
      total: quote.total as Cents,
      dueDate: quote.dueDate,
      lines: this.lines(e, quote.total as Cents),
      iuv: row.iuv,
      nav: row.nav,
    };
    let draft: PositionDraft;
    try {
      draft =
        s.kind === 'demo'
          ? demoFeeDraft(req, this.d.now())
          : await withRetry(s.policy, (signal) => s.connector.create(req, this.ctx(signal)));
    } catch (err) {
      const e2 = err instanceof AppError ? err : new AppError('INTERNAL', { reason: 'CREATE' });
      this.requests.noteFailure(
        row.id,
        `${e2.code} ${String(e2.details?.['reason'] ?? '')}`,
        this.d.now().toISOString(),
      );
      this.d.audit.record({
        actor: operator,
        action: 'fee.create-failed',
        subject: null,
        details: {
          service: e.id,
          amountCents: quote.total,
          backendId: row.backend_id,
          code: e2.code,
          reason: e2.details?.['reason'] ?? null,
        },
      });
      throw e2;
    }
    const option = draft.options[0]!;
    const at = this.d.now().toISOString();
    this.d.db.transaction(() => {
      this.repo.upsert(draft);
      this.requests.confirm(row.id, option.iuv, option.nav, draft.id, at);
    })();
    this.d.audit.record({
      actor: operator,
      action: 'fee.created',
      subject: option.nav,
      details: {
        service: e.id,
        amountCents: quote.total,
        nav: option.nav,
        backend: s.kind,
        backendId: row.backend_id,
        anonymous: quote.anonymous,
      },
    });
    return this.answer(this.requests.byKey(input.requestKey)!, quote, false);
  }

  private answer(row: FeeRequestRow, quote: FeeQuote, replayed: boolean): FeeCreated {
    const optionId = `${row.position_ext_id}#${row.nav}`;
    const position = this.d.positions.optionsById([optionId])[0];
    if (!position) throw new AppError('NOT_FOUND', { reason: 'CREATED_NOT_CACHED' });
    return { quote, position, optionId, nav: row.nav!, replayed, demo: this.demo };
  }

  private ctx(signal: AbortSignal): CallContext {
    return singleCallContext(signal, this.d.now());
  }

  /**
   * Fees created on a local calendar day (annulled ones excluded): the desk's part of the day's figures. The
   * day's bounds are local midnights, as the clerk's day is.
   */
  day(day: string): { day: string; count: number; totalCents: number } {
    const [y, m, dd] = day.split('-').map(Number) as [number, number, number];
    const from = new Date(y, m - 1, dd).toISOString();
    const to = new Date(y, m - 1, dd + 1).toISOString();
    const r = this.requests.created(from, to);
    return { day, count: r.count, totalCents: r.cents };
  }

  check(rawNav: string, rawEc?: string): Promise<PaymentCheckView> {
    return this.followUp.check(rawNav, rawEc);
  }

  receipt(rawNav: string, rawEc?: string): Promise<{ view: ReceiptView; data: ReceiptData }> {
    return this.followUp.receipt(rawNav, rawEc);
  }

  annul(
    rawNav: string,
    rawEc: string | undefined,
    reason: string,
    operator: string,
  ): Promise<PaymentCheckView> {
    return this.followUp.annul(rawNav, rawEc, reason, operator);
  }
}
