import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../../core/contract/errors';
import type { HttpResponse, TlsClientAuth } from '../http';

export interface SendRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly signal: AbortSignal;
  readonly tls?: TlsClientAuth;
}

const MAX = 8 * 1024 * 1024;

/**
 * One request with a JSON body (creation, annulment) or none. Same failure vocabulary as `http.ts`'s GET, but
 * a timeout here is ambiguous: the server may have done the work. Callers resolve that by retrying with the
 * same desk-generated id, never by assuming either way.
 */
export function send(req: SendRequest): Promise<HttpResponse> {
  const { url, signal } = req;
  const payload = req.body === undefined ? null : Buffer.from(JSON.stringify(req.body), 'utf8');
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new AppError('BACKEND_TIMEOUT', { reason: 'TIMEOUT' }));
      return;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const fail = (err: unknown) => {
      if (signal.aborted)
        return reject(new AppError('BACKEND_TIMEOUT', { reason: 'TIMEOUT' }, { cause: err }));
      const code = (err as NodeJS.ErrnoException | undefined)?.code ?? '';
      if (code.startsWith('ERR_TLS') || code.includes('CERT'))
        return reject(new AppError('BACKEND_REJECTED', { reason: 'TLS', code }, { cause: err }));
      reject(
        new AppError(
          'BACKEND_UNAVAILABLE',
          { reason: code === 'ECONNRESET' ? 'CONNECTION_RESET' : 'CONNECTION', code },
          { cause: err },
        ),
      );
    };
    const r = lib.request(
      url,
      {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...(payload
            ? {
                'content-type': req.contentType ?? 'application/json',
                'content-length': String(payload.length),
              }
            : {}),
          ...req.headers,
        },
        signal,
        ...(req.tls
          ? { cert: req.tls.cert, key: req.tls.key, ...(req.tls.ca ? { ca: req.tls.ca } : {}) }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX) {
            res.destroy();
            reject(new AppError('BACKEND_MALFORMED', { reason: 'TOO_LARGE' }));
            return;
          }
          chunks.push(c);
        });
        res.on('error', fail);
        res.on('end', () => {
          if (!res.complete)
            return reject(new AppError('BACKEND_UNAVAILABLE', { reason: 'CONNECTION_RESET' }));
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
      },
    );
    r.on('error', fail);
    r.end(payload ?? undefined);
  });
}

/** A JSON answer checked against its schema: the listing connectors' own check, nothing unchecked goes further. */
export { parseJson as parseBody } from '../http';
