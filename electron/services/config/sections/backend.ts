import { z } from 'zod';
import { secretBearingUrl } from './url-rules';

/** Every backend below is sent a secret: https, or http to loopback only (see url-rules.ts). */
const url = secretBearingUrl;
/** The name of an entry in the secret store (keychain / 0600 file), never the secret itself. */
const secretName = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/);
const ecCode = z.string().regex(/^\d{11}$/, '11 cifre');

/**
 * Per-connector call policy. Limits are per request (`timeoutMs`, `maxResponseBytes`) and per listing
 * (`listingTimeoutMs`, `maxPages`): reaching one ends the lookup as a partial answer, never a silent cut.
 * Each request is retried a few times with backoff; then the breaker opens.
 */
const callPolicy = {
  /** One request (one page), from connecting to the last byte. */
  timeoutMs: z.number().int().min(200).max(60_000).default(3000),
  retries: z.number().int().min(0).max(5).default(1),
  /** A whole listing (every page of one citizen, both MyPay lists); what is read by then is shown as partial. */
  listingTimeoutMs: z.number().int().min(200).max(600_000).default(60_000),
  /** Pages of one listing; a backend with more pages gives a partial answer. */
  maxPages: z.number().int().min(1).max(10_000).default(200),
  /** One response body; above it the answer is BACKEND_MALFORMED "too large" (a partial one after page 1). */
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .default(16 * 1024 * 1024),
  /** A 429's Retry-After is waited up to this; beyond it the lookup ends saying "retry after N s". */
  retryAfterCapSeconds: z.number().int().min(0).max(600).default(10),
};

const govpay = z.strictObject({
  kind: z.literal('govpay'),
  /** Up to the API root, e.g. https://host/govpay/backend/api/pendenze/rs/basic/v2/ */
  baseUrl: url,
  auth: z.discriminatedUnion('mode', [
    z.strictObject({
      mode: z.literal('basic'),
      username: z.string().min(1).max(100),
      passwordSecret: secretName,
    }),
    z.strictObject({
      mode: z.literal('ssl'),
      certSecret: secretName,
      keySecret: secretName,
      caSecret: secretName.optional(),
    }),
  ]),
  /** The EC (dominio) this desk serves: filters searches and completes lookups by notice number. */
  idDominio: ecCode.optional(),
  pageSize: z.number().int().min(1).max(100).default(100),
  ...callPolicy,
});

const mypay = z.strictObject({
  kind: z.literal('mypay'),
  /** The host serving /a2a/app/…, e.g. https://pagamenti.regione.lombardia.it/mypay4/api/ */
  baseUrl: url,
  applicationName: z.string().min(1).max(100),
  privateKeySecret: secretName,
  codiceEnte: z.string().min(1).max(64).optional(),
  pastDays: z.number().int().min(0).max(3650).default(730),
  futureDays: z.number().int().min(0).max(3650).default(730),
  ...callPolicy,
});

const gpd = z.strictObject({
  kind: z.literal('gpd'),
  /** e.g. https://api.platform.pagopa.it/gpd/debt-positions-service/v3 */
  baseUrl: url,
  organizationFiscalCode: ecCode,
  subscriptionKeySecret: secretName,
  /** Days per request window (the API allows at most 30). */
  windowDays: z.number().int().min(1).max(30).default(30),
  pageSize: z.number().int().min(1).max(50).default(50),
  pastDays: z.number().int().min(0).max(3650).default(365),
  futureDays: z.number().int().min(0).max(3650).default(365),
  /** Minutes between background passes; 0 = only on demand (`sportello sync`, the refresh action). */
  syncEveryMinutes: z.number().int().min(0).max(1440).default(60),
  /**
   * Hours between full passes (the whole horizon, which is how new positions arrive); the passes in between
   * fetch only the payments since the last pass. 0 = every pass is full.
   */
  fullSyncEveryHours: z.number().int().min(0).max(720).default(24),
  ...callPolicy,
});

const file = z.strictObject({
  kind: z.literal('file'),
  /** A file imported at start when it changed since the last import; omit to import only on demand. */
  path: z.string().min(1).max(1024).optional(),
});

/**
 * Where positions come from. `demo` (the default) is the embedded store with sample data. Secrets are never in
 * this file: they are named and read from the secret store.
 */
export const backendSection = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('demo') }),
  govpay,
  mypay,
  gpd,
  file,
]);
export type BackendConfig = z.infer<typeof backendSection>;
export type GovPayConfig = z.infer<typeof govpay>;
export type MyPayConfig = z.infer<typeof mypay>;
export type GpdConfig = z.infer<typeof gpd>;
