import http from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { AppError } from '../../core/contract/errors';

export interface TlsClientAuth {
  readonly cert: string;
  readonly key: string;
  readonly ca?: string;
}

export interface HttpRequest {
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal: AbortSignal;
  readonly tls?: TlsClientAuth;
  /** Bodies above this are refused: a runaway backend must not fill the desk's memory. */
  readonly maxBytes?: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: Buffer;
}

const DEFAULT_MAX = 32 * 1024 * 1024;

/** Transport failures with the reason the status bar and the retry policy need. */
function transportError(err: unknown, signal: AbortSignal): AppError {
  if (signal.aborted) return new AppError('BACKEND_TIMEOUT', { reason: 'TIMEOUT' }, { cause: err });
  const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ERR_STREAM_PREMATURE_CLOSE')
    return new AppError('BACKEND_UNAVAILABLE', { reason: 'CONNECTION_RESET' }, { cause: err });
  if (code.startsWith('ERR_TLS') || code.includes('CERT') || code === 'DEPTH_ZERO_SELF_SIGNED_CERT')
    return new AppError('BACKEND_REJECTED', { reason: 'TLS', code }, { cause: err });
  return new AppError('BACKEND_UNAVAILABLE', { reason: 'CONNECTION', code }, { cause: err });
}

/**
 * GET over node:http(s) rather than fetch: GovPay's `ssl` mode needs a client certificate, which fetch cannot
 * present without an extra dependency. The signal bounds the whole exchange, body included.
 */
export function httpGet(req: HttpRequest): Promise<HttpResponse> {
  const { url, signal } = req;
  const max = req.maxBytes ?? DEFAULT_MAX;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AppError('BACKEND_TIMEOUT', { reason: 'TIMEOUT' }));
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const r = lib.request(
      url,
      {
        method: 'GET',
        headers: { accept: 'application/json', ...req.headers },
        signal,
        ...(req.tls
          ? { cert: req.tls.cert, key: req.tls.key, ...(req.tls.ca ? { ca: req.tls.ca } : {}) }
          : {}),
      },
      (res) => {
        // A body announced as too large is refused before a byte of it is read.
        const announced = Number(res.headers['content-length']);
        if (Number.isFinite(announced) && announced > max) {
          reject(new AppError('BACKEND_MALFORMED', { reason: 'TOO_LARGE', maxBytes: max }));
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > max) {
            // Rejected before the socket is torn down, so the reset that follows is never what is reported.
            reject(new AppError('BACKEND_MALFORMED', { reason: 'TOO_LARGE', maxBytes: max }));
            res.destroy();
            return;
          }
          chunks.push(c);
        });
        res.on('error', (err) => reject(transportError(err, signal)));
        res.on('aborted', () =>
          reject(transportError(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), signal)),
        );
        res.on('end', () => {
          if (!res.complete) {
            reject(new AppError('BACKEND_UNAVAILABLE', { reason: 'CONNECTION_RESET' }));
            return;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    r.on('error', (err) => reject(transportError(err, signal)));
    r.end();
  });
}

/** Retry-After as seconds (RFC 9110: a number of seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterSeconds(raw: string | undefined, now = Date.now()): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim());
  // An HTTP date names its day and month; anything else (a negative number, garbage) is unreadable.
  if (!/[A-Za-z]/.test(raw)) return null;
  const at = Date.parse(raw);
  return Number.isFinite(at) ? Math.max(0, Math.ceil((at - now) / 1000)) : null;
}

/** HTTP status → the contract's error vocabulary. Null when the status is a success. */
export function statusError(res: HttpResponse): AppError | null {
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  if (s === 401 || s === 403) return new AppError('BACKEND_REJECTED', { reason: 'AUTH', status: s });
  if (s === 404) return new AppError('NOT_FOUND', { reason: 'BACKEND_NOT_FOUND', status: s });
  if (s === 429 || s === 503) {
    const retryAfter = retryAfterSeconds(res.headers['retry-after']);
    if (s === 503)
      return new AppError('BACKEND_UNAVAILABLE', {
        reason: 'SERVER_ERROR',
        status: s,
        ...(retryAfter !== null ? { retryAfterSeconds: retryAfter } : {}),
      });
    return new AppError('BACKEND_UNAVAILABLE', {
      reason: 'RATE_LIMITED',
      status: s,
      ...(retryAfter !== null ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (s >= 500) return new AppError('BACKEND_UNAVAILABLE', { reason: 'SERVER_ERROR', status: s });
  return new AppError('BACKEND_REJECTED', { reason: 'REQUEST', status: s });
}

/** Parses and validates a JSON body at the boundary: nothing unchecked goes further. */
export function parseJson<T extends z.ZodType>(res: HttpResponse, schema: T): z.output<T> {
  let data: unknown;
  try {
    data = JSON.parse(res.body.toString('utf8'));
  } catch (err) {
    throw new AppError('BACKEND_MALFORMED', { reason: 'JSON' }, { cause: err });
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('BACKEND_MALFORMED', {
      reason: 'SCHEMA',
      path: first ? first.path.map(String).join('.') : '',
      issue: first?.code ?? 'unknown',
    });
  }
  return parsed.data;
}

export async function getJson<T extends z.ZodType>(req: HttpRequest, schema: T): Promise<z.output<T>> {
  const res = await httpGet(req);
  const err = statusError(res);
  if (err) throw err;
  return parseJson(res, schema);
}

/** Joins a base URL that may carry a path (`…/rs/basic/v2/`) with a relative path and a query. */
export function endpoint(
  base: string,
  path: string,
  query: Record<string, string | number | undefined> = {},
): URL {
  const u = new URL(path.replace(/^\//, ''), base.endsWith('/') ? base : `${base}/`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
  return u;
}
