import { z } from 'zod';
import { AppError } from '../../../core/contract/errors';
import { formatDecimalEuros } from './euros';
import { parseDecimalEuros, type Cents } from '../../../core/money';
import { govpayOptionStatus } from '../../../core/positions/backend-status';
import type { PositionDraft } from '../../../core/positions/payability';
import { PartialCollector } from '../../../core/positions/partial';
import { mapPendenze, type GovPayAuth } from '../govpay';
import { endpoint, type HttpResponse } from '../http';
import { checkedNotice, debtorOf } from '../mapping';
import type { CallContext } from '../types';
import { parseBody, send, type SendRequest } from './http-send';
import { refusal } from './refusals';
import type { FeeConnector, FeeCreateRequest, FeeRef, PaymentCheck, ReceiptData } from './types';

const created = z.object({
  idDominio: z.string().min(1).max(35),
  numeroAvviso: z.string().regex(/^\d{18}$/),
});
const rt = z.object({
  dataOraMessaggioRicevuta: z.string().max(40).optional(),
  istitutoAttestante: z
    .object({ denominazioneAttestante: z.string().max(140).optional() })
    .passthrough()
    .optional(),
  enteBeneficiario: z
    .object({
      identificativoUnivocoBeneficiario: z
        .object({ codiceIdentificativoUnivoco: z.string().max(35) })
        .passthrough(),
      denominazioneBeneficiario: z.string().max(140).optional(),
    })
    .passthrough()
    .optional(),
  soggettoPagatore: z
    .object({
      identificativoUnivocoPagatore: z
        .object({ codiceIdentificativoUnivoco: z.string().max(35) })
        .passthrough(),
      anagraficaPagatore: z.string().max(140).nullish(),
    })
    .passthrough()
    .optional(),
  datiPagamento: z
    .object({
      codiceEsitoPagamento: z.string().max(2),
      importoTotalePagato: z.string().max(20),
      identificativoUnivocoVersamento: z.string().max(35),
      CodiceContestoPagamento: z.string().max(35),
      datiSingoloPagamento: z
        .array(
          z
            .object({
              dataEsitoSingoloPagamento: z.string().max(40).optional(),
              identificativoUnivocoRiscossione: z.string().max(35).optional(),
              causaleVersamento: z.string().max(300).optional(),
            })
            .passthrough(),
        )
        .default([]),
    })
    .passthrough(),
});
const rppItem = z.object({ stato: z.string().max(64), rt: rt.nullish() }).passthrough();
const detail = z
  .object({
    idA2A: z.string().min(1).max(35),
    idPendenza: z.string().min(1).max(35),
    dominio: z.object({ idDominio: z.string().min(1).max(35), ragioneSociale: z.string().min(1).max(70) }),
    stato: z.string().min(1).max(32),
    causale: z.string().max(140).optional(),
    soggettoPagatore: z.object({
      tipo: z.enum(['F', 'G']),
      identificativo: z.string().min(2).max(16),
      anagrafica: z.string().max(70).optional(),
    }),
    importo: z.number().min(0),
    numeroAvviso: z.string().optional(),
    dataScadenza: z.string().optional(),
    rpp: z.array(rppItem).max(100).default([]),
  })
  .passthrough();
type Detail = z.infer<typeof detail>;
const profilo = z.object({
  nome: z.string().max(200),
  domini: z
    .array(z.object({ idDominio: z.string().max(35), ragioneSociale: z.string().max(140).optional() }))
    .default([]),
  tipiPendenza: z
    .array(z.object({ idTipoPendenza: z.string().max(35), descrizione: z.string().max(255).optional() }))
    .default([]),
});
export type GovPayProfile = z.infer<typeof profilo>;

/** RPP states after which no RT is coming: anything else without an RT is a payment under way. */
const RPP_CLOSED = /RIFIUTAT|ERRORE|SCADUT|ANNULLAT|NON_ESEGUIT|DECORR/;

export interface GovPayFeeOptions {
  readonly baseUrl: string;
  readonly auth: GovPayAuth;
  readonly idA2A: string;
  readonly idDominio: string | null;
}

/**
 * GovPay API Pendenze v2 for fees: PUT pendenze/{idA2A}/{idPendenza} (insert-or-update, so a retry with the
 * same idPendenza can never make two debts), byAvviso for a live check with the position's RPP/RT, the RT
 * itself (JSON and, when GovPay renders it, PDF), PATCH to ANNULLATA, and /profilo for `services check`.
 */
export class GovPayFeeConnector implements FeeConnector {
  readonly kind = 'govpay' as const;

  constructor(private readonly o: GovPayFeeOptions) {}

  private req(
    method: SendRequest['method'],
    path: string,
    ctx: CallContext,
    extra: Partial<SendRequest> = {},
  ): SendRequest {
    const headers: Record<string, string> = { ...(extra.headers ?? {}) };
    if (this.o.auth.mode === 'basic')
      headers['authorization'] =
        'Basic ' + Buffer.from(`${this.o.auth.username}:${this.o.auth.password}`, 'utf8').toString('base64');
    return {
      ...extra,
      method,
      url: endpoint(this.o.baseUrl, path),
      headers,
      signal: ctx.signal,
      ...(this.o.auth.mode === 'ssl' ? { tls: this.o.auth } : {}),
    };
  }

  private async call(r: SendRequest): Promise<HttpResponse> {
    const res = await send(r);
    const err = refusal(res, 'govpay');
    if (err) throw err;
    return res;
  }

  async create(f: FeeCreateRequest, ctx: CallContext): Promise<PositionDraft> {
    if (!f.idTipoPendenza)
      throw new AppError('CONFIG_INVALID', { reason: 'SERVICE_NOT_FOR_BACKEND', backend: 'govpay' });
    const body = {
      idTipoPendenza: f.idTipoPendenza,
      idDominio: f.creditor.fiscalCode,
      causale: f.causale,
      soggettoPagatore: {
        tipo: f.debtor.kind,
        identificativo: f.debtor.fiscalCode,
        ...(f.debtor.name ? { anagrafica: f.debtor.name.slice(0, 70) } : {}),
      },
      importo: formatDecimalEuros(f.total),
      dataScadenza: f.dueDate,
      voci: f.lines.flatMap((l) =>
        l.kind !== 'govpay'
          ? []
          : [
              {
                idVocePendenza: l.idVocePendenza,
                importo: formatDecimalEuros(l.cents),
                descrizione: l.descrizione,
                ...(l.codEntrata
                  ? { codEntrata: l.codEntrata }
                  : {
                      ibanAccredito: l.ibanAccredito,
                      tipoContabilita: l.tipoContabilita,
                      codiceContabilita: l.codiceContabilita,
                    }),
                ...(l.idDominio ? { idDominio: l.idDominio } : {}),
              },
            ],
      ),
    };
    const res = await this.call(this.req('PUT', `pendenze/${this.o.idA2A}/${f.backendId}`, ctx, { body }));
    const out = parseBody(res, created);
    const notice = checkedNotice(out.numeroAvviso);
    if (!notice || out.idDominio !== f.creditor.fiscalCode)
      throw new AppError('BACKEND_MALFORMED', { reason: 'CREATED_NOTICE', backend: 'govpay' });
    const id = `govpay:${this.o.idA2A}:${f.backendId}`;
    return {
      id,
      connector: 'govpay',
      backendId: `${this.o.idA2A}/${f.backendId}`,
      creditor: {
        fiscalCode: f.creditor.fiscalCode,
        name: f.creditor.name,
        ipaCode: null,
        cbill: null,
        sector: null,
        info: null,
      },
      debtor:
        f.debtor.fiscalCode === 'ANONIMO'
          ? { fiscalCode: 'ANONIMO', kind: 'F', name: null }
          : debtorOf(f.debtor.fiscalCode, f.debtor.name, f.debtor.kind),
      subject: f.causale,
      status: 'payable',
      backendStatus: 'NON_ESEGUITA',
      fetchedAt: ctx.now,
      options: [
        {
          id: `${id}#${notice.nav}`,
          nav: notice.nav,
          iuv: notice.iuv,
          amount: f.total,
          dueDate: f.dueDate,
          kind: 'single',
          planSize: 1,
          index: null,
          status: govpayOptionStatus('NON_ESEGUITA'),
          backendStatus: 'NON_ESEGUITA',
          description: f.causale,
        },
      ],
    };
  }

  private async detail(ref: FeeRef, ctx: CallContext): Promise<Detail | null> {
    try {
      const res = await this.call(this.req('GET', `pendenze/byAvviso/${ref.ecFiscalCode}/${ref.nav}`, ctx));
      return parseBody(res, detail);
    } catch (err) {
      if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
      throw err;
    }
  }

  async check(ref: FeeRef, ctx: CallContext): Promise<PaymentCheck> {
    const d = await this.detail(ref, ctx);
    if (!d) return { state: 'unknown', backendStatus: null, position: null };
    const position = mapPendenze([d], ctx.now, new PartialCollector(ctx.onRefused))[0] ?? null;
    return { state: stateOf(d), backendStatus: d.stato, position };
  }

  async receipt(ref: FeeRef, ctx: CallContext): Promise<ReceiptData | null> {
    const d = await this.detail(ref, ctx);
    if (!d || stateOf(d) !== 'paid') return null;
    const paid = d.rpp.find((r) => r.rt?.datiPagamento.codiceEsitoPagamento === '0');
    if (!paid?.rt) return null;
    const { identificativoUnivocoVersamento: iuv, CodiceContestoPagamento: ccp } = paid.rt.datiPagamento;
    const path = `rpp/${d.dominio.idDominio}/${encodeURIComponent(iuv)}/${encodeURIComponent(ccp)}/rt`;
    // The RT itself is the receipt of record; the copy inside the pendenza is only how its ccp is found.
    const r = parseBody(await this.call(this.req('GET', path, ctx)), rt);
    let pdf: Buffer | null = null;
    try {
      const res = await this.call(this.req('GET', path, ctx, { headers: { accept: 'application/pdf' } }));
      if (res.body.subarray(0, 5).toString('latin1') === '%PDF-') pdf = res.body;
    } catch {
      // GovPay renders the RT PDF only where its templates are set up: the desk's own receipt still prints.
    }
    const amount = parseDecimalEuros(r.datiPagamento.importoTotalePagato);
    if (!amount.ok) throw new AppError('BACKEND_MALFORMED', { reason: 'RT_AMOUNT', backend: 'govpay' });
    const single = r.datiPagamento.datiSingoloPagamento[0];
    const notice = checkedNotice(d.numeroAvviso ?? ref.nav)!;
    return {
      creditor: {
        fiscalCode:
          r.enteBeneficiario?.identificativoUnivocoBeneficiario.codiceIdentificativoUnivoco ??
          d.dominio.idDominio,
        name: r.enteBeneficiario?.denominazioneBeneficiario ?? d.dominio.ragioneSociale,
      },
      payer: {
        fiscalCode:
          r.soggettoPagatore?.identificativoUnivocoPagatore.codiceIdentificativoUnivoco ??
          d.soggettoPagatore.identificativo,
        name: r.soggettoPagatore?.anagraficaPagatore ?? d.soggettoPagatore.anagrafica ?? null,
      },
      subject: d.causale ?? single?.causaleVersamento ?? '',
      amountPaid: amount.value as Cents,
      paidAt: r.dataOraMessaggioRicevuta ?? single?.dataEsitoSingoloPagamento ?? '',
      psp: r.istitutoAttestante?.denominazioneAttestante ?? null,
      receiptId: single?.identificativoUnivocoRiscossione ?? null,
      nav: notice.nav,
      iuv: r.datiPagamento.identificativoUnivocoVersamento,
      backendPdf: pdf,
    };
  }

  async annul(ref: FeeRef, reason: string, ctx: CallContext): Promise<void> {
    let target = ref.backendId;
    if (!target) {
      const d = await this.detail(ref, ctx);
      if (!d) throw new AppError('NOT_FOUND', { reason: 'NOTICE_UNKNOWN' });
      target = `${d.idA2A}/${d.idPendenza}`;
    }
    await this.call(
      this.req('PATCH', `pendenze/${target}`, ctx, {
        contentType: 'application/json-patch+json',
        body: [
          { op: 'REPLACE', path: '/stato', value: 'ANNULLATA' },
          { op: 'REPLACE', path: '/descrizioneStato', value: reason.slice(0, 255) },
        ],
      }),
    );
  }

  async profile(ctx: CallContext): Promise<GovPayProfile> {
    return parseBody(await this.call(this.req('GET', 'profilo', ctx)), profilo);
  }
}

function stateOf(d: Detail): PaymentCheck['state'] {
  if (d.stato === 'ESEGUITA' || d.stato === 'INCASSATA') return 'paid';
  if (d.stato === 'ANNULLATA') return 'annulled';
  if (d.stato === 'ANOMALA') return 'unknown';
  if (d.stato === 'NON_ESEGUITA' && d.rpp.some((r) => !r.rt && !RPP_CLOSED.test(r.stato)))
    return 'in-progress';
  return 'not-paid';
}
