import { computeCheckDigits } from '../../../core/notice-number';
import { BodyServer, type BodyReply, type BodyRequest } from './body-server';
import { GOVPAY_BASE } from './govpay';

/** One pendenza as GovPay keeps it after a PUT, plus what the fake's helpers add (payments, RT). */
export interface StoredPendenza {
  idA2A: string;
  idPendenza: string;
  idTipoPendenza: string;
  dominio: { idDominio: string; ragioneSociale: string };
  stato: string;
  descrizioneStato?: string;
  causale: string;
  soggettoPagatore: { tipo: 'F' | 'G'; identificativo: string; anagrafica?: string };
  importo: number;
  numeroAvviso: string;
  dataScadenza?: string;
  voci: Record<string, unknown>[];
  rpp: { stato: string; rt?: Record<string, unknown> }[];
  puts: number;
}

const fault = (status: number, categoria: string, codice: string, descrizione: string): BodyReply => ({
  status,
  body: { categoria, codice, descrizione },
});

const ID = /^[a-zA-Z0-9\-_]{1,35}$/;

/** Decimal euros as GovPay's JSON has them, to integer cents, or null when not exact to the cent. */
function cents(n: unknown): number | null {
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) return null;
  const c = Math.round(n * 100);
  return Math.abs(c - n * 100) < 1e-6 ? c : null;
}

/**
 * GovPay API Pendenze v2, write side, over HTTP Basic: `PUT pendenze/{idA2A}/{idPendenza}` (insert or update;
 * the NAV is made once, at the first insert), `GET pendenze/byAvviso/…` with `rpp`, `PATCH` (json-patch) to
 * ANNULLATA, `GET rpp/{idDominio}/{iuv}/{ccp}/rt` (JSON or PDF), `GET profilo`. Refusals are FaultBeans.
 */
export function fakeGovPayFees(opts: {
  username: string;
  password: string;
  domini: { idDominio: string; ragioneSociale: string }[];
  tipiPendenza: string[];
  segregationCode?: string;
}) {
  const expected = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  const byId = new Map<string, StoredPendenza>();
  let serial = 0;
  const seg = opts.segregationCode ?? '02';
  const makeNav = () => {
    const base = String(++serial).padStart(13, '0');
    const unchecked = `3${seg}${base}`;
    return unchecked + computeCheckDigits(unchecked);
  };
  const byNav = (dom: string, nav: string) =>
    [...byId.values()].find((p) => p.dominio.idDominio === dom && p.numeroAvviso === nav);

  const server: BodyServer = new BodyServer((req: BodyRequest): BodyReply => {
    if (req.headers.authorization !== expected)
      return fault(401, 'AUTORIZZAZIONE', '401', 'Utenza non autenticata');
    if (!req.path.startsWith(GOVPAY_BASE)) {
      server.violation(`path ${req.path}`);
      return { status: 404, body: {} };
    }
    const rest = req.path.slice(GOVPAY_BASE.length);
    if (rest === 'pendenze' && req.method === 'GET') {
      // The listing the desk's refresh asks for, from the same store: what the desk created shows up.
      const deb = req.query.get('idDebitore');
      const list = [...byId.values()].filter((p) => !deb || p.soggettoPagatore.identificativo === deb);
      const risultati = list.map(({ puts: _p, rpp: _r, voci: _v, ...p }) => ({
        ...p,
        dataCaricamento: '2026-01-01',
        tipo: 'spontaneo',
        rpp: '/rpp',
        pagamenti: '/pagamenti',
      }));
      return {
        status: 200,
        body: { numRisultati: list.length, numPagine: 1, risultatiPerPagina: 100, pagina: 1, risultati },
      };
    }
    const one = /^pendenze\/([^/]+)\/([^/]+)$/.exec(rest);
    if (one && req.method === 'PUT') return put(one[1]!, one[2]!, req);
    if (one && req.method === 'PATCH') return patch(one[1]!, one[2]!, req);
    const avv = /^pendenze\/byAvviso\/(\d{11})\/(\d{18})$/.exec(rest);
    if (avv && req.method === 'GET') {
      const p = byNav(avv[1]!, avv[2]!);
      if (!p) return fault(404, 'RICHIESTA', '404', 'Pendenza inesistente');
      const { puts: _p, ...view } = p;
      return { status: 200, body: { ...view, dataCaricamento: '2026-01-01', tipo: 'spontaneo' } };
    }
    const rt = /^rpp\/(\d{11})\/([^/]+)\/([^/]+)\/rt$/.exec(rest);
    if (rt && req.method === 'GET') {
      const p = [...byId.values()].find(
        (x) =>
          x.dominio.idDominio === rt[1] &&
          x.rpp.some((r) => {
            const d = r.rt?.['datiPagamento'] as Record<string, unknown> | undefined;
            return (
              d?.['identificativoUnivocoVersamento'] === rt[2] && d?.['CodiceContestoPagamento'] === rt[3]
            );
          }),
      );
      const r = p?.rpp.find((x) => x.rt);
      if (!r?.rt) return fault(404, 'RICHIESTA', '404', 'Ricevuta inesistente');
      if (req.headers.accept === 'application/pdf')
        return {
          status: 200,
          body: Buffer.from('%PDF-1.4\n% ricevuta GovPay\n%%EOF\n'),
          contentType: 'application/pdf',
        };
      return { status: 200, body: r.rt };
    }
    if (rest === 'profilo' && req.method === 'GET')
      return {
        status: 200,
        body: {
          nome: opts.username,
          domini: opts.domini,
          tipiPendenza: opts.tipiPendenza.map((t) => ({ idTipoPendenza: t, descrizione: t })),
          acl: [{ servizio: 'Pagamenti', autorizzazioni: ['R', 'W'] }],
        },
      };
    server.violation(`unknown ${req.method} ${req.path}`);
    return { status: 404, body: {} };
  });

  function put(idA2A: string, idPendenza: string, req: BodyRequest): BodyReply {
    if (!ID.test(idA2A) || !ID.test(idPendenza))
      return fault(400, 'RICHIESTA', 'SINTASSI', 'Identificativo non valido');
    const b = req.body as Record<string, unknown> | null;
    const missing = ['idTipoPendenza', 'idDominio', 'causale', 'soggettoPagatore', 'importo', 'voci'].filter(
      (k) => !b || b[k] === undefined,
    );
    if (!b || missing.length > 0)
      return fault(400, 'RICHIESTA', 'SINTASSI', `Campi obbligatori mancanti: ${missing.join(', ')}`);
    const dom = opts.domini.find((d) => d.idDominio === b['idDominio']);
    if (!dom) return fault(403, 'AUTORIZZAZIONE', '403', `Dominio ${String(b['idDominio'])} non autorizzato`);
    if (!opts.tipiPendenza.includes(String(b['idTipoPendenza'])))
      return fault(
        403,
        'AUTORIZZAZIONE',
        '403',
        `Tipo pendenza ${String(b['idTipoPendenza'])} non autorizzato`,
      );
    if (typeof b['causale'] !== 'string' || b['causale'].length > 140)
      return fault(400, 'RICHIESTA', 'SINTASSI', 'causale oltre 140 caratteri');
    const voci = b['voci'] as Record<string, unknown>[];
    if (!Array.isArray(voci) || voci.length < 1 || voci.length > 5)
      return fault(400, 'RICHIESTA', 'SINTASSI', 'voci: da 1 a 5');
    for (const v of voci) {
      const entrata =
        v['ibanAccredito'] !== undefined &&
        v['tipoContabilita'] !== undefined &&
        v['codiceContabilita'] !== undefined;
      if (
        !v['idVocePendenza'] ||
        cents(v['importo']) === null ||
        !v['descrizione'] ||
        (!entrata && !v['codEntrata'])
      )
        return fault(400, 'RICHIESTA', 'SINTASSI', 'voce non valida');
    }
    const total = cents(b['importo']);
    if (total === null || total !== voci.reduce((s, v) => s + cents(v['importo'])!, 0))
      return fault(
        422,
        'RICHIESTA',
        'VAL_IMPORTO',
        "L'importo della pendenza non corrisponde alla somma delle voci",
      );
    const key = `${idA2A}/${idPendenza}`;
    const prev = byId.get(key);
    if (prev && prev.stato !== 'NON_ESEGUITA')
      return fault(
        422,
        'OPERAZIONE',
        'PND_001',
        `La pendenza è in stato ${prev.stato} e non può essere aggiornata`,
      );
    const p: StoredPendenza = {
      idA2A,
      idPendenza,
      idTipoPendenza: String(b['idTipoPendenza']),
      dominio: dom,
      stato: 'NON_ESEGUITA',
      causale: b['causale'],
      soggettoPagatore: b['soggettoPagatore'] as StoredPendenza['soggettoPagatore'],
      importo: b['importo'] as number,
      numeroAvviso: prev?.numeroAvviso ?? makeNav(),
      ...(typeof b['dataScadenza'] === 'string' ? { dataScadenza: b['dataScadenza'] } : {}),
      voci,
      rpp: prev?.rpp ?? [],
      puts: (prev?.puts ?? 0) + 1,
    };
    byId.set(key, p);
    return { status: 200, body: { idDominio: dom.idDominio, numeroAvviso: p.numeroAvviso } };
  }

  function patch(idA2A: string, idPendenza: string, req: BodyRequest): BodyReply {
    if (!String(req.headers['content-type']).startsWith('application/json-patch+json'))
      server.violation(`PATCH content-type ${req.headers['content-type']}`);
    const p = byId.get(`${idA2A}/${idPendenza}`);
    if (!p) return fault(404, 'RICHIESTA', '404', 'Pendenza inesistente');
    const ops = req.body as { op: string; path: string; value: unknown }[];
    if (!Array.isArray(ops)) return fault(400, 'RICHIESTA', 'SINTASSI', 'lista di PatchOp attesa');
    for (const o of ops) {
      if (o.op !== 'REPLACE') return fault(400, 'RICHIESTA', 'SINTASSI', `op ${o.op}`);
      if (o.path === '/stato') {
        if (o.value !== 'ANNULLATA') return fault(400, 'RICHIESTA', 'SINTASSI', `stato ${String(o.value)}`);
        if (p.stato !== 'NON_ESEGUITA')
          return fault(422, 'OPERAZIONE', 'PND_002', `Pendenza in stato ${p.stato}: non annullabile`);
        p.stato = 'ANNULLATA';
      } else if (o.path === '/descrizioneStato') p.descrizioneStato = String(o.value);
    }
    return { status: 200, body: undefined };
  }

  return {
    server,
    byId,
    /** A payment under way at a PSP: an RPP with no RT yet. */
    startPayment(nav: string) {
      const p = [...byId.values()].find((x) => x.numeroAvviso === nav)!;
      p.rpp.push({ stato: 'RPT_ACCETTATA_NODO' });
    },
    /** The payment done: pendenza ESEGUITA, an RPP with its RT (esito 0, IUR, PSP). */
    pay(nav: string, at = '2026-12-04T10:15:30') {
      const p = [...byId.values()].find((x) => x.numeroAvviso === nav)!;
      const iuv = nav.slice(1);
      p.stato = 'ESEGUITA';
      p.rpp = [
        {
          stato: 'RT_ACCETTATA_PA',
          rt: {
            versioneOggetto: '6.2.0',
            dataOraMessaggioRicevuta: at,
            istitutoAttestante: { denominazioneAttestante: 'Banca di Prova S.p.A.' },
            enteBeneficiario: {
              identificativoUnivocoBeneficiario: {
                tipoIdentificativoUnivoco: 'G',
                codiceIdentificativoUnivoco: p.dominio.idDominio,
              },
              denominazioneBeneficiario: p.dominio.ragioneSociale,
            },
            soggettoPagatore: {
              identificativoUnivocoPagatore: {
                tipoIdentificativoUnivoco: 'F',
                codiceIdentificativoUnivoco: p.soggettoPagatore.identificativo,
              },
              anagraficaPagatore: p.soggettoPagatore.anagrafica ?? null,
            },
            datiPagamento: {
              codiceEsitoPagamento: '0',
              importoTotalePagato: p.importo.toFixed(2),
              identificativoUnivocoVersamento: iuv,
              CodiceContestoPagamento: 'CCP-' + iuv.slice(-6),
              datiSingoloPagamento: [
                {
                  singoloImportoPagato: p.importo.toFixed(2),
                  esitoSingoloPagamento: 'ESEGUITO',
                  dataEsitoSingoloPagamento: at.slice(0, 10),
                  identificativoUnivocoRiscossione: 'IUR' + iuv.slice(-8),
                  causaleVersamento: `/RFB/${iuv}/${p.importo.toFixed(2)}/TXT/${p.causale}`,
                },
              ],
            },
          },
        },
      ];
    },
  };
}
