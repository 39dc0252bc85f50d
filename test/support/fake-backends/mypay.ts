import { createPublicKey, type KeyObject } from 'node:crypto';
import { jwtVerify } from 'jose';
import { FakeServer, type RecordedRequest, type Reply } from './server';

export interface FakeDovuto {
  stato: { code: string; descr: string };
  numeroAvviso: string;
  iuv: string;
  ente: { code: string; codiceFiscale: string; descrizione: string };
  tipoDovuto: { code: string; descr: string };
  causale: string;
  codiceFicaleIntestatario: string;
  anagaraficaIntestatario: string;
  email?: string;
  dataScadenza: string;
  importo: number;
  idPagamento?: string;
}

const SLASH_DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;

/**
 * MyPay 4 A2A as domain-pagopa.md §5 describes it. Every request must carry an RS256 JWT that verifies with the
 * application's public key, with `sub` = the application, `type: "a2a"`, `iat`, `exp` and a `jti` never seen
 * before; a reused jti is refused with 401 like the real server.
 */
export function fakeMyPay(opts: {
  applicationName: string;
  publicKeyPem: string;
  today: string;
  dovuti: FakeDovuto[];
  pagati?: FakeDovuto[];
}) {
  const key: KeyObject = createPublicKey(opts.publicKeyPem);
  const seenJti = new Set<string>();
  /**
   * `maxResults`: MyPay's own cap on a search; a longer list comes back cut, with `incomplete: true` and the
   * full `count`, as the real server answers.
   */
  const state: { dovuti: FakeDovuto[]; pagati: FakeDovuto[]; maxResults: number } = {
    dovuti: opts.dovuti,
    pagati: opts.pagati ?? [],
    maxResults: Infinity,
  };
  // Declared before the gate that reports into it; assigned right below.
  // eslint-disable-next-line prefer-const
  let server: FakeServer;
  const gate = async (req: RecordedRequest): Promise<Reply | null> => {
    const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
    const refuse: Reply = { status: 401, body: { error: 'unauthorized' } };
    if (!auth.startsWith('Bearer ')) {
      server.violation('missing Bearer token');
      return refuse;
    }
    try {
      const { payload, protectedHeader } = await jwtVerify(auth.slice(7), key, { algorithms: ['RS256'] });
      if (protectedHeader.alg !== 'RS256') server.violation(`alg ${protectedHeader.alg}`);
      if (payload.sub !== opts.applicationName) server.violation(`sub ${payload.sub}`);
      if (payload['type'] !== 'a2a') server.violation(`type ${String(payload['type'])}`);
      if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number' || payload.exp <= payload.iat)
        server.violation('iat/exp');
      if (typeof payload.jti !== 'string' || payload.jti.length < 8) {
        server.violation('jti missing');
        return refuse;
      }
      if (seenJti.has(payload.jti)) {
        server.violation(`jti reused ${payload.jti}`);
        return refuse;
      }
      seenJti.add(payload.jti);
      return null;
    } catch (err) {
      server.violation(`JWT invalid: ${(err as Error).message}`);
      return refuse;
    }
  };
  server = new FakeServer((req): Reply => {
    const m = /^\/a2a\/app\/(dovuti|pagati)\/ricerca\/([A-Z0-9]{11,16})$/.exec(req.path);
    if (m) {
      const da = req.query.get('da') ?? '';
      const a = req.query.get('a') ?? '';
      const today = opts.today.replaceAll('-', '/');
      if (!SLASH_DATE.test(da) || !SLASH_DATE.test(a)) server.violation(`date format da=${da} a=${a}`);
      if (da > today) server.violation(`da ${da} after today`);
      if (a < today) server.violation(`a ${a} before today`);
      const list = (m[1] === 'dovuti' ? state.dovuti : state.pagati).filter(
        (d) => d.codiceFicaleIntestatario === m[2],
      );
      const cut = list.length > state.maxResults;
      return {
        status: 200,
        body: { count: list.length, incomplete: cut, data: cut ? list.slice(0, state.maxResults) : list },
      };
    }
    const av = /^\/a2a\/app\/dovuti\/avviso\/(\d{18})$/.exec(req.path);
    if (av) {
      const d = state.dovuti.find((x) => x.numeroAvviso === av[1]);
      return d ? { status: 200, body: d } : { status: 404, body: { error: 'not found' } };
    }
    server.violation(`unknown path ${req.path}`);
    return { status: 404, body: {} };
  }, gate);
  return { server, state, seenJti };
}
