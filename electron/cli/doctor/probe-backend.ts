import { AppError } from '../../../core/contract/errors';
import { buildConnectors } from '../../services/positions/connectors';
import { silentLogger } from '../../services/log';
import { callContext } from '../../services/positions/call-context';
import type { DoctorProbe } from './check';

const WHAT_TO_DO: Record<string, string> = {
  SECRET_MISSING: 'manca il segreto nel portachiavi dello sportello',
  AUTH: 'credenziali rifiutate: controlla utente/password, certificato o chiave',
  TIMEOUT: 'nessuna risposta in tempo: controlla rete e proxy',
  CONNECTION: 'servizio non raggiungibile: controlla indirizzo e rete',
  CONNECTION_RESET: 'connessione interrotta dal servizio',
  SERVER_ERROR: 'il servizio è in errore: riprova più tardi',
  RATE_LIMITED: 'troppe richieste: riprova più tardi',
  SCHEMA: 'risposta in un formato inatteso: indirizzo o versione dell’API errati?',
  JSON: 'risposta non in JSON: indirizzo errato?',
  TLS: 'errore TLS: controlla certificati',
};

/** Calls the configured backend once with its real credentials: the cheapest authenticated request. */
export const backendProbe: DoctorProbe = async ({ platform, config }) => {
  if (!config)
    return {
      id: 'backend-probe',
      label: 'Collegamento al servizio pagamenti',
      status: 'info',
      detail: 'configurazione non valida',
    };
  const backend = config.config.backend;
  if (backend.kind === 'demo' || backend.kind === 'file')
    return {
      id: 'backend-probe',
      label: 'Collegamento al servizio pagamenti',
      status: 'info',
      detail: `${backend.kind}: nessun servizio remoto`,
    };
  const started = Date.now();
  try {
    const built = buildConnectors(backend, platform.secrets);
    const connector = built.live ?? built.sync;
    // One attempt, no retries: the doctor reports what the backend answers now.
    await connector!.probe(
      callContext({ ...built.policy, retries: 0 }, new Date(), silentLogger, backend.kind),
    );
    return {
      id: 'backend-probe',
      label: 'Collegamento al servizio pagamenti',
      status: 'ok',
      detail: `${backend.kind}: risponde in ${Date.now() - started} ms`,
      data: { kind: backend.kind, ms: Date.now() - started },
    };
  } catch (err) {
    const e = err instanceof AppError ? err : new AppError('INTERNAL');
    const reason = String(e.details?.['reason'] ?? e.code);
    return {
      id: 'backend-probe',
      label: 'Collegamento al servizio pagamenti',
      status: 'fail',
      detail: `${backend.kind}: ${WHAT_TO_DO[reason] ?? reason}`,
      data: { kind: backend.kind, code: e.code, details: e.details ?? null },
    };
  }
};
