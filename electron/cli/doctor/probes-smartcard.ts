import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownListing, ModuleReport } from '../../../native/smartcard/protocol';
import { SAFETY_POLL_MS } from '../../../native/smartcard/slot-events';
import { smartcardSection } from '../../services/config/sections/smartcard';
import { DB_FILE } from '../../services/desk';
import { silentLogger } from '../../services/log';
import { CardListingMemory } from '../../services/smartcard/card-listings';
import { DeviceSession } from '../../services/smartcard/device-client';
import { forkDeviceProcess } from '../../services/smartcard/device-process';
import { readMeta } from '../../store/app-meta';
import type { DoctorCheck, DoctorProbe } from './check';
import { plural } from '../messages/usage';

const REASONS: Record<string, string> = {
  WIN32_126_NOT_FOUND_OR_DEPENDENCY:
    'errore Win32 126: file o una sua DLL non trovati (percorso errato nell’app installata?)',
  WIN32_193_WRONG_ARCHITECTURE: 'errore Win32 193: DLL a 32 bit in un processo a 64 bit (o viceversa)',
  WRONG_ARCHITECTURE: 'architettura sbagliata (32/64 bit)',
  DEPENDENCY_MISSING: 'manca una libreria da cui il modulo dipende',
  NOT_A_LIBRARY: 'il file non è una libreria',
  NOT_PKCS11: 'la libreria non è un modulo PKCS#11 (manca C_GetFunctionList)',
  INIT_FAILED: 'C_Initialize non riuscita',
  LOAD_FAILED: 'caricamento non riuscito',
};

const LISTING: Record<ModuleReport['cardListing'], string> = {
  unknown: 'come mostra una carta nuova non è ancora appreso',
  live: 'mostra da sé una carta nuova (appreso)',
  'after-reinit':
    'mostra una carta nuova solo dopo una re-inizializzazione (appreso): senza carta è controllato ogni 1,5 s',
};

/** How the desk watches a loaded module's readers, and why it polls one that cannot report slot events. */
export function watchText(m: ModuleReport): string {
  // Even then the device process polls every SAFETY_POLL_MS (readers plugged in, a missed event): not "no polling".
  if (m.watch === 'events')
    return `segnala da sé inserimenti e rimozioni (eventi slot; un controllo di sicurezza ogni ${SAFETY_POLL_MS / 1000} s)`;
  const polled =
    m.watchReason === 'OFF'
      ? 'controllato a intervalli (eventi slot disattivati nella configurazione)'
      : `controllato a intervalli (eventi slot non disponibili${m.watchReason ? `: ${m.watchReason}` : ''})`;
  return `${polled}; ${LISTING[m.cardListing]}`;
}

/** What the desk learned of each module's card listing, from its database if there is one, read-only. */
function rememberedListings(dataDir: string): KnownListing[] {
  const path = join(dataDir, DB_FILE);
  if (!existsSync(path)) return [];
  let db: Database.Database | null = null;
  try {
    const open = new Database(path, { readonly: true, fileMustExist: true });
    db = open;
    return new CardListingMemory({ read: (k) => readMeta(open, k), write: () => {} }, silentLogger).list();
  } catch {
    // An older or unreadable database: the probe runs as on a desk's first day.
    return [];
  } finally {
    db?.close();
  }
}

/**
 * Modules found / loaded / failing (with the reason explained), then every slot, token and certificate. It runs
 * in its own device process like the desk does, so a crashing middleware is reported instead of killing the doctor.
 */
export const smartcardProbe: DoctorProbe = async ({ config, platform }) => {
  const cfg = smartcardSection.parse(config?.config.smartcard ?? {});
  if (!cfg.enabled)
    return {
      id: 'smartcard',
      label: 'Lettore carte',
      status: 'info',
      detail: 'disattivato nella configurazione',
    };
  const session = new DeviceSession(forkDeviceProcess(), {
    modules: cfg.modules,
    useDefaultModules: cfg.useDefaultModules,
    pollIntervalMs: 5000,
    slotEvents: cfg.slotEvents,
    trustDir: cfg.trustDir,
    crlFile: cfg.crlFile,
    knownListings: rememberedListings(platform.paths.dataDir),
  });
  try {
    session.send({ type: 'probe', requestId: 1 });
    const r = await session.waitFor((m) => (m.type === 'probeResult' ? m : undefined), 30_000);
    if (!r)
      return {
        id: 'smartcard',
        label: 'Lettore carte',
        status: 'fail',
        detail: `il processo del lettore non ha risposto (${session.exitReason ?? 'tempo scaduto'}): un modulo si blocca o va in crash`,
      };
    const checks: DoctorCheck[] = r.modules
      .filter((m) => m.status !== 'not-found' || m.source === 'config')
      .map((m) => ({
        id: 'smartcard-module',
        label: `Modulo PKCS#11 ${m.path}`,
        status: m.status === 'loaded' ? 'ok' : m.source === 'config' ? 'fail' : 'warn',
        detail:
          m.status === 'loaded'
            ? `caricato${m.library ? ` (${m.library.manufacturer} ${m.library.description} ${m.library.version})` : ''}; ${watchText(m)}`
            : m.status === 'not-found'
              ? 'non trovato'
              : `errore: ${REASONS[m.reason ?? ''] ?? m.reason}${m.message ? ` — ${m.message}` : ''}`,
        data: m,
      }));
    const loaded = r.modules.filter((m) => m.status === 'loaded').length;
    checks.unshift({
      id: 'smartcard-modules',
      label: 'Moduli PKCS#11',
      status: loaded > 0 ? 'ok' : 'warn',
      detail: `${plural(r.modules.filter((m) => m.status !== 'not-found').length, 'trovato', 'trovati')} su ${plural(r.modules.length, 'percorso', 'percorsi')}, ${plural(loaded, 'caricato', 'caricati')}`,
      data: r.modules,
    });
    for (const s of r.slots) {
      const certs = s.certificates.map((c) => `${c.role}: ${c.subject} (fino al ${c.notAfter.slice(0, 10)})`);
      checks.push({
        id: 'smartcard-slot',
        label: `Lettore ${s.slotDescription || '?'}`,
        status: s.error ? 'warn' : 'info',
        detail: !s.tokenPresent
          ? `nessuna carta${s.error ? ` (${s.error})` : ''}`
          : `carta "${s.token?.label}" n. ${s.token?.serial}${s.token?.pinFlags.locked ? ', PIN segnalato bloccato dal modulo' : s.token?.pinFlags.finalTry ? ', ultimo tentativo PIN' : s.token?.pinFlags.countLow ? ', pochi tentativi PIN' : ''}; ${certs.length > 0 ? certs.join('; ') : 'nessun certificato'}${s.dataObjects.length ? `; dati: ${s.dataObjects.join(', ')}` : ''}`,
        data: s,
      });
    }
    if (loaded > 0 && r.slots.length === 0)
      checks.push({
        id: 'smartcard-slot',
        label: 'Lettori',
        status: 'warn',
        detail: 'nessun lettore collegato (o servizio PC/SC fermo)',
      });
    return checks;
  } finally {
    session.close();
  }
};
