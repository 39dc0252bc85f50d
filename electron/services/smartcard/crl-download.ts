import { mkdirSync } from 'node:fs';
import { writePrivateFileAtomic } from '../../store/private-files';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';

/** Why a download left the last good CRL in place. */
export type CrlProblem = 'HTTP_STATUS' | 'TIMEOUT' | 'TOO_LARGE' | 'NOT_A_CRL' | 'NETWORK' | 'WRITE_FAILED';

const IT: Record<CrlProblem, string> = {
  HTTP_STATUS: 'il server della CRL ha risposto con un errore',
  TIMEOUT: 'il server della CRL non ha risposto in tempo',
  TOO_LARGE: 'il file scaricato è troppo grande per essere una CRL',
  NOT_A_CRL: 'il file scaricato non è una CRL valida',
  NETWORK: 'rete o server della CRL non raggiungibili',
  WRITE_FAILED: 'impossibile salvare la CRL nella cartella dei dati',
};

/** The problem an error of downloadCrl stands for (NETWORK for anything else). */
export function crlProblemOf(err: unknown): CrlProblem {
  const reason = err instanceof AppError ? String(err.details?.['reason'] ?? '') : '';
  const p = reason.replace(/^CRL_/, '');
  return p in IT ? (p as CrlProblem) : 'NETWORK';
}

/** The sentence for IT staff (log, doctor) when a download failed. */
export const crlProblemIt = (p: CrlProblem): string =>
  `${IT[p]}: la verifica di revoca usa l’ultima CRL scaricata, o risulta «non verificabile»`;

export interface CrlDownloaded {
  readonly bytes: number;
  readonly revoked: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date | null;
}

/** A CA answers in seconds; a distribution point that has not within this is treated as down. */
export const CRL_TIMEOUT_MS = 15_000;
/** National CAs publish CRLs of a few MB at most; far beyond that the URL is not serving a CRL. */
export const CRL_MAX_BYTES = 64 * 1024 * 1024;

const problem = (reason: CrlProblem, extra: Record<string, unknown> = {}, cause?: unknown) =>
  new AppError('UNAVAILABLE', { reason: `CRL_${reason}`, ...extra }, cause === undefined ? {} : { cause });

async function readCapped(res: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw problem('TOO_LARGE', { maxBytes });
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
    n += chunk.length;
    if (n > maxBytes) throw problem('TOO_LARGE', { maxBytes });
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

/**
 * Downloads the CRL at `url` into `file`. The bytes must parse as an X.509 CRL (DER or PEM) before they replace
 * the file, and they replace it in one rename: the device process, which reads the file at each identification,
 * sees the old CRL or the new one, never half of one, and a failed download keeps the last good CRL. The
 * signature and the issuer are checked where the CRL is used (native/smartcard/trust.ts), against the trust
 * folder.
 */
export async function downloadCrl({
  url,
  file,
  timeoutMs = CRL_TIMEOUT_MS,
  maxBytes = CRL_MAX_BYTES,
}: {
  url: string;
  file: string;
  timeoutMs?: number;
  maxBytes?: number;
}): Promise<CrlDownloaded> {
  let raw: Buffer;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok) throw problem('HTTP_STATUS', { status: res.status });
    raw = await readCapped(res, maxBytes);
  } catch (err) {
    if (err instanceof AppError) throw err;
    const name = (err as Error).name;
    throw problem(name === 'TimeoutError' || name === 'AbortError' ? 'TIMEOUT' : 'NETWORK', {}, err);
  }
  // Loaded on first use: the X.509 library (and the reflect polyfill it needs) costs the desk's start-up.
  await import('reflect-metadata');
  const { X509Crl } = await import('@peculiar/x509');
  let crl: InstanceType<typeof X509Crl>;
  try {
    const text = raw.toString('latin1');
    crl = new X509Crl(text.includes('-----BEGIN') ? text : new Uint8Array(raw));
  } catch (err) {
    throw problem('NOT_A_CRL', {}, err);
  }
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writePrivateFileAtomic(file, raw);
  } catch (err) {
    throw problem('WRITE_FAILED', { code: (err as NodeJS.ErrnoException).code ?? null }, err);
  }
  return {
    bytes: raw.length,
    revoked: crl.entries.length,
    thisUpdate: crl.thisUpdate,
    nextUpdate: crl.nextUpdate ?? null,
  };
}
