import { z } from 'zod';

const ecCode = z.string().regex(/^\d{11}$/, '11 cifre');
const cents = z.number().int().min(0).max(99_999_999_999);
const iban = z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{1,30}$/, 'IBAN');
/** A voce's or transfer's share of the total: fixed cents, or what is left once the fixed shares are taken. */
const share = z.union([z.strictObject({ cents }), z.strictObject({ rest: z.literal(true) })]);

/** GovPay: one voce per accounting line, each with IBAN + accounting code or a codEntrata known to GovPay. */
const govpayVoce = z
  .strictObject({
    idVocePendenza: z.string().regex(/^[A-Za-z0-9_-]{1,35}$/),
    descrizione: z.string().min(1).max(140),
    share,
    ibanAccredito: iban.optional(),
    tipoContabilita: z.enum(['CAPITOLO', 'SPECIALE', 'SIOPE', 'ALTRO']).optional(),
    codiceContabilita: z.string().min(1).max(135).optional(),
    codEntrata: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,35}$/)
      .optional(),
    /** Another EC's share (e.g. the State's part of the CIE fee). */
    idDominio: ecCode.optional(),
  })
  .refine(
    (v) =>
      (v.codEntrata !== undefined) !== (v.ibanAccredito !== undefined && v.codiceContabilita !== undefined),
    { message: 'serve codEntrata oppure ibanAccredito + tipoContabilita + codiceContabilita' },
  )
  .refine((v) => v.ibanAccredito === undefined || v.tipoContabilita !== undefined, {
    message: 'tipoContabilita obbligatorio con ibanAccredito',
  });

const gpdTransfer = z.strictObject({
  idTransfer: z.enum(['1', '2', '3', '4', '5']),
  share,
  iban,
  /** Taxonomy code (tassonomia pagoPA), e.g. 9/0101109AP/. */
  category: z.string().min(1).max(140),
  remittanceInformation: z.string().min(1).max(140),
  organizationFiscalCode: ecCode.optional(),
});

const amountRule = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('fixed'), cents: cents.min(1) }),
  z.strictObject({
    rule: z.literal('perUnit'),
    unitCents: cents.min(1),
    maxQuantity: z.number().int().min(1).max(999),
  }),
  z.strictObject({ rule: z.literal('entered'), minCents: cents.min(1), maxCents: cents.min(1) }),
]);

const service = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'minuscole, cifre e trattini'),
    label: z.strictObject({ it: z.string().min(1).max(80), en: z.string().min(1).max(80) }),
    /** The creditor (ente) the fee is owed to. */
    creditor: z.strictObject({ fiscalCode: ecCode, name: z.string().min(1).max(70) }),
    amount: amountRule,
    /** Due date = the day of creation + N days. */
    dueInDays: z.number().int().min(0).max(365).default(30),
    /** pagoPA's `ANONIMO` debtor: allowed only where the fee need not name its payer. */
    anonymousAllowed: z.boolean().default(false),
    /** The causale: {servizio} {cognome} {nome} {codiceFiscale} {quantita} are filled in; ≤ 140 chars. */
    causale: z.string().min(1).max(140),
    govpay: z
      .strictObject({
        idTipoPendenza: z.string().regex(/^[A-Za-z0-9._-]{1,35}$/),
        voci: z.array(govpayVoce).min(1).max(5),
      })
      .optional(),
    gpd: z.strictObject({ transfers: z.array(gpdTransfer).min(1).max(5) }).optional(),
  })
  .superRefine((s, ctx) => {
    if (s.amount.rule === 'entered' && s.amount.minCents > s.amount.maxCents)
      ctx.addIssue({ code: 'custom', path: ['amount'], message: 'minCents oltre maxCents' });
    for (const [key, list] of [
      ['govpay', s.govpay?.voci],
      ['gpd', s.gpd?.transfers],
    ] as const) {
      if (!list) continue;
      const rests = list.filter((x) => 'rest' in x.share).length;
      const fixed = list.reduce((sum, x) => sum + ('cents' in x.share ? x.share.cents : 0), 0);
      if (rests > 1) ctx.addIssue({ code: 'custom', path: [key], message: 'una sola quota "rest"' });
      if (rests === 0 && (s.amount.rule !== 'fixed' || fixed !== s.amount.cents))
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'senza una quota "rest" le quote fisse devono fare l’importo fisso',
        });
      const least =
        s.amount.rule === 'fixed'
          ? s.amount.cents
          : s.amount.rule === 'perUnit'
            ? s.amount.unitCents
            : s.amount.minCents;
      if (rests === 1 && fixed >= least)
        ctx.addIssue({ code: 'custom', path: [key], message: 'le quote fisse superano l’importo minimo' });
    }
    if (key(s.gpd?.transfers.map((t) => t.idTransfer)))
      ctx.addIssue({ code: 'custom', path: ['gpd'], message: 'idTransfer ripetuto' });
    if (key(s.govpay?.voci.map((v) => v.idVocePendenza)))
      ctx.addIssue({ code: 'custom', path: ['govpay'], message: 'idVocePendenza ripetuto' });
  });

const key = (ids: readonly string[] | undefined): boolean =>
  ids !== undefined && new Set(ids).size !== ids.length;

/**
 * The fees asked at this desk ("pagamento spontaneo"). `deskCode` makes the ids the desk generates (GovPay
 * idPendenza, GPD iupd) unique across desks. `gpd.iuv` is this desk's own IUV range: with GPD the creditor
 * makes the IUV, so two desks must never share a range.
 */
export const servicesSection = z
  .strictObject({
    deskCode: z
      .string()
      .regex(/^[A-Z0-9]{1,8}$/, 'maiuscole e cifre, max 8')
      .default('D1'),
    catalogue: z.array(service).max(200).default([]),
    govpay: z.strictObject({ idA2A: z.string().regex(/^[A-Za-z0-9_-]{1,35}$/) }).optional(),
    gpd: z
      .strictObject({
        iuv: z
          .strictObject({
            /** Aux digit 3: the segregation code pagoPA assigned to this creditor's IUVs. */
            segregationCode: z.string().regex(/^\d{2}$/),
            /** The 13-digit IUV bases this desk may use, both ends included. */
            from: z.number().int().min(0).max(9_999_999_999_999),
            to: z.number().int().min(0).max(9_999_999_999_999),
          })
          .refine((r) => r.from <= r.to, { message: 'from oltre to' }),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (key(s.catalogue.map((c) => c.id)))
      ctx.addIssue({ code: 'custom', path: ['catalogue'], message: 'id di servizio ripetuto' });
  });

export type ServicesConfig = z.output<typeof servicesSection>;
export type FeeService = ServicesConfig['catalogue'][number];
