import { AppError } from '../../../core/contract/errors';
import { CliFailure } from '../command';

/** Why fees cannot be created on this backend, in Italian for the technician. */
export const UNAVAILABLE_IT: Record<string, string> = {
  MYPAY_NO_A2A_CREATE:
    'MyPay: l’interfaccia A2A REST (/a2a/app) permette solo di cercare dovuti e leggere ricevute; il caricamento di un dovuto passa dal servizio SOAP PagInf (paaSILImportaDovuto), che lo sportello non usa',
  FILE_BACKEND: 'con un file importato non c’è un servizio su cui creare posizioni',
  IDA2A_MISSING: 'manca services.govpay.idA2A (l’applicazione A2A registrata in GovPay)',
  IUV_RANGE_MISSING: 'manca services.gpd.iuv (codice di segregazione e intervallo IUV dello sportello)',
  SECRET_MISSING: 'manca la credenziale del servizio nel deposito dei segreti',
  IUV_RANGE_EXHAUSTED:
    'l’intervallo IUV di questo sportello è esaurito: chiedere un nuovo intervallo all’ente',
  SERVICE_NOT_FOR_BACKEND: 'il servizio non ha i dati contabili per il servizio configurato',
};

const REASON_IT: Record<string, string> = {
  VALIDATION: 'dati rifiutati dal servizio',
  AUTH: 'operazione non autorizzata dal servizio',
  CONFLICT: 'conflitto con una posizione esistente',
  UNAVAILABLE: 'servizio non disponibile, riprovare',
  TIMEOUT: 'il servizio non ha risposto in tempo, riprovare (la stessa richiesta non crea un secondo debito)',
  SERVICE_UNKNOWN: 'servizio sconosciuto nel catalogo',
  ANONYMOUS_NOT_ALLOWED: 'questo servizio non ammette il pagatore anonimo',
  PAYER_REQUIRED: 'serve il codice fiscale del pagatore o --anonymous',
  QUANTITY_RANGE: 'quantità fuori dai limiti del servizio',
  QUANTITY_REQUIRED: 'serve --qty',
  AMOUNT_RANGE: 'importo fuori dai limiti del servizio',
  AMOUNT_REQUIRED: 'serve --amount',
  NOT_ALLOWED: 'questo servizio ha un importo fisso',
  NO_RECEIPT: 'nessuna ricevuta: la posizione non risulta pagata',
  ALREADY_PAID: 'la posizione è pagata: non si può annullare',
  PAYMENT_IN_PROGRESS: 'c’è un pagamento in corso: non si può annullare ora',
  NOT_CREATED_HERE: 'si annullano solo le posizioni create da questo sportello',
  ALREADY_ANNULLED: 'posizione già annullata',
  NOTICE_UNKNOWN: 'codice avviso sconosciuto',
  REQUEST_KEY_REUSED: 'la stessa chiave di richiesta con dati diversi',
  EC_REQUIRED: 'serve --ec (codice fiscale dell’ente)',
};

/** An AppError as one Italian line: the desk's sentence, then the backend's own words when it gave any. */
export function feeFailure(err: unknown): never {
  if (!(err instanceof AppError)) throw err;
  const d = (err.details ?? {}) as Record<string, unknown>;
  const reason = typeof d['reason'] === 'string' ? d['reason'] : '';
  const own = typeof d['backendMessage'] === 'string' ? ` — il servizio dice: «${d['backendMessage']}»` : '';
  const code = [d['categoria'], d['codice']].filter(Boolean).join('/');
  const text = UNAVAILABLE_IT[reason] ?? REASON_IT[reason] ?? (reason || err.code);
  throw new CliFailure(err.code, `${text}${own}${code ? ` [${code}]` : ''}`, 1, { ...d });
}
