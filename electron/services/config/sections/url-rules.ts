import { z } from 'zod';

/** 127.0.0.0/8, ::1 and `localhost`: the only hosts a plain-http URL carrying a secret may name. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase();
  return h === 'localhost' || h === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * A URL that must not travel in clear: https, or http to a loopback address only, and no credentials in it.
 * The messages say why, for the place the URL is configured.
 */
export function loopbackOrHttpsUrl(why: { http: string; httpReason: string; credentials: string }) {
  return z
    .url({ protocol: /^https?$/ })
    .max(500)
    .superRefine((value, ctx) => {
      const u = new URL(value);
      if (u.protocol === 'http:' && !isLoopbackHost(u.hostname))
        ctx.addIssue({ code: 'custom', message: why.http, params: { reason: why.httpReason } });
      if (u.username !== '' || u.password !== '')
        ctx.addIssue({ code: 'custom', message: why.credentials, params: { reason: 'CREDENTIALS_IN_URL' } });
    });
}

/**
 * A backend URL the desk sends a password, a key or a signed token to: https, or http to a loopback address
 * (a local fake backend, a TLS-terminating proxy on this machine). Plain http elsewhere would put the secret
 * on the wire in clear, so it is refused when the configuration is read.
 */
export const secretBearingUrl = loopbackOrHttpsUrl({
  http: 'con una password o una chiave serve https:// (http:// solo verso questo computer)',
  httpReason: 'HTTP_WITH_SECRET',
  credentials: 'niente credenziali nell’indirizzo: vanno nell’archivio dei segreti',
});
