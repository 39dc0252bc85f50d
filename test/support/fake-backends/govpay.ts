import { FakeServer, type RecordedRequest, type Reply } from './server';

export const GOVPAY_BASE = '/govpay/backend/api/pendenze/rs/basic/v2/';

/** A GovPay pendenza as the API writes it (decimal euros). */
export interface FakePendenza {
  idA2A: string;
  idPendenza: string;
  dominio: { idDominio: string; ragioneSociale: string };
  stato: string;
  causale: string;
  soggettoPagatore: { tipo: 'F' | 'G'; identificativo: string; anagrafica?: string };
  importo: number;
  numeroAvviso: string;
  dataCaricamento: string;
  dataScadenza?: string;
  tipo: 'dovuto' | 'spontaneo';
  documento?: { identificativo: string; descrizione: string; rata?: number };
}

const MAX_PAGE = 200;

/**
 * GovPay API Pendenze v2 over HTTP Basic: `GET pendenze` (paged, filtered by idDebitore/idDominio),
 * `pendenze/byAvviso/{idDominio}/{numeroAvviso}`, `avvisi/{idDominio}/{numeroAvviso}` (PDF).
 */
export function fakeGovPay(opts: { username: string; password: string; pendenze: FakePendenza[] }) {
  const expected = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  const state = { pendenze: opts.pendenze };
  const server: FakeServer = new FakeServer((req: RecordedRequest): Reply => {
    if (req.method !== 'GET') server.violation(`method ${req.method}`);
    if (req.headers.authorization !== expected) {
      if (!req.headers.authorization) server.violation('missing Authorization');
      return {
        status: 401,
        body: { categoria: 'AUTORIZZAZIONE', codice: '401', descrizione: 'non autenticato' },
      };
    }
    if (!req.path.startsWith(GOVPAY_BASE)) {
      server.violation(`path ${req.path}`);
      return { status: 404, body: {} };
    }
    const rest = req.path.slice(GOVPAY_BASE.length);
    if (rest === 'pendenze') {
      const pagina = Number(req.query.get('pagina') ?? '1');
      const per = Number(req.query.get('risultatiPerPagina') ?? '25');
      if (!Number.isInteger(pagina) || pagina < 1) server.violation(`pagina ${req.query.get('pagina')}`);
      if (!Number.isInteger(per) || per < 1 || per > MAX_PAGE) server.violation(`risultatiPerPagina ${per}`);
      const deb = req.query.get('idDebitore');
      const dom = req.query.get('idDominio');
      const all = state.pendenze.filter(
        (p) => (!deb || p.soggettoPagatore.identificativo === deb) && (!dom || p.dominio.idDominio === dom),
      );
      const page = all.slice((pagina - 1) * per, pagina * per);
      return {
        status: 200,
        body: {
          numRisultati: all.length,
          numPagine: Math.ceil(all.length / per),
          risultatiPerPagina: per,
          pagina,
          risultati: page.map((p) => ({ ...p, rpp: '/rpp', pagamenti: '/pagamenti' })),
        },
      };
    }
    const byAvviso = /^pendenze\/byAvviso\/(\d+)\/(\d{18})$/.exec(rest);
    if (byAvviso) {
      const p = state.pendenze.find(
        (x) => x.dominio.idDominio === byAvviso[1] && x.numeroAvviso === byAvviso[2],
      );
      if (!p)
        return { status: 404, body: { categoria: 'RICHIESTA', codice: '404', descrizione: 'non trovata' } };
      return {
        status: 200,
        body: {
          ...p,
          voci: [
            {
              idVocePendenza: '1',
              importo: p.importo,
              descrizione: p.causale,
              indice: 1,
              stato: 'Non eseguito',
            },
          ],
          rpp: [],
        },
      };
    }
    const avviso = /^avvisi\/(\d+)\/(\d{18})$/.exec(rest);
    if (avviso) {
      if (req.headers.accept !== 'application/pdf') server.violation(`accept ${req.headers.accept}`);
      return {
        status: 200,
        body: Buffer.from('%PDF-1.4\n% fake notice\n%%EOF\n'),
        contentType: 'application/pdf',
      };
    }
    server.violation(`unknown path ${req.path}`);
    return { status: 404, body: {} };
  });
  return { server, state };
}
