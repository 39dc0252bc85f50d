import type { Confirmation } from '../../../core/printers/confirmation';
import type { ProbeReason, ProbeResult } from '../../../native/printer';

/**
 * A printer probe (native/printer/status/probe.ts) said for the administrator: `sportello printers status`
 * (Italian, or English with `--lang en`), the doctor and the settings dialog's detail (Italian). When the
 * printer was not asked, the sentence says why, so that "scrivibile" is never read as "pronta".
 */
export type Lang = 'it' | 'en';

const REASON: Readonly<Record<Lang, Readonly<Record<ProbeReason, string>>>> = {
  it: {
    READY: 'pronta: la stampante risponde, carta presente, coperchio chiuso',
    PAPER_END: 'carta esaurita: la stampante lo segnala (inserisci un rotolo)',
    COVER_OPEN: 'coperchio aperto: la stampante lo segnala (chiudilo)',
    PRINTER_ERROR: 'la stampante segnala un errore (taglierina o meccanica): spegnila e riaccendila',
    OFFLINE: 'la stampante si dichiara fuori linea',
    NO_STATUS:
      'nessuna risposta alla richiesta di stato: stampante spenta, canale di ritorno disattivato o velocità della linea errata',
    NOT_A_PRINTER: 'all’indirizzo risponde qualcosa che non è una stampante ESC/POS',
    LINK_LOST: 'collegamento perso mentre si attendeva la risposta (cavo scollegato?)',
    ONLINE: 'in linea',
    REACHABLE: 'raggiungibile (stato non riportato)',
    WRITABLE: 'dispositivo presente e scrivibile',
    NOT_FOUND: 'dispositivo assente: stampante scollegata o percorso errato',
    ACCESS_DENIED:
      'permesso negato sul dispositivo: aggiungi l’utente al gruppo lp (o dialout per la seriale)',
    NOT_A_DEVICE: 'non è un dispositivo di stampa',
    UNREACHABLE: 'non raggiungibile',
    CONNECT_TIMEOUT: 'nessuna risposta alla connessione',
    TTY_MODE: 'impossibile impostare la linea seriale (stty)',
    IO: 'errore di accesso',
    QUEUE_PRESENT: 'coda di stampa presente',
    QUEUE_UNKNOWN: 'coda di stampa',
    DRIVER_MISSING: 'driver di stampa non installato',
  },
  en: {
    READY: 'ready: the printer answers, paper present, cover closed',
    PAPER_END: 'paper end: the printer reports it (load a roll)',
    COVER_OPEN: 'cover open: the printer reports it (close it)',
    PRINTER_ERROR: 'the printer reports an error (cutter or mechanism): switch it off and on',
    OFFLINE: 'the printer reports it is off-line',
    NO_STATUS: 'no answer to the status request: printer off, back channel disabled or wrong line speed',
    NOT_A_PRINTER: 'something that is not an ESC/POS printer answers there',
    LINK_LOST: 'link lost while waiting for the answer (cable unplugged?)',
    ONLINE: 'on-line',
    REACHABLE: 'reachable (status not reported)',
    WRITABLE: 'device present and writable',
    NOT_FOUND: 'device missing: printer unplugged or wrong path',
    ACCESS_DENIED: 'permission denied on the device: add the user to the lp group (dialout for serial)',
    NOT_A_DEVICE: 'not a printer device',
    UNREACHABLE: 'unreachable',
    CONNECT_TIMEOUT: 'no answer to the connection',
    TTY_MODE: 'the serial line could not be set (stty)',
    IO: 'access error',
    QUEUE_PRESENT: 'print queue present',
    QUEUE_UNKNOWN: 'print queue',
    DRIVER_MISSING: 'print driver not installed',
  },
};

const ERRNO: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  it: {
    ECONNREFUSED: 'nessuno in ascolto: stampante spenta, indirizzo o porta errati',
    EHOSTUNREACH: 'host non raggiungibile: controlla rete e indirizzo',
  },
  en: {
    ECONNREFUSED: 'nobody listening: printer off, wrong address or port',
    EHOSTUNREACH: 'host unreachable: check network and address',
  },
};

const NOT_ASKED: Readonly<Record<Lang, Readonly<Record<Exclude<Confirmation, 'status'>, string>>>> = {
  it: {
    'not-asked': 'stato non chiesto alla stampante: la configurazione non ha confirm "status"',
    cannot: 'stato non chiesto: la coda di stampa del sistema non riporta lo stato della stampante',
  },
  en: {
    'not-asked': 'status not asked of the printer: the configuration does not say confirm "status"',
    cannot: 'status not asked: the system print queue does not report the printer’s status',
  },
};

export function describeProbe(r: ProbeResult, confirmation: Confirmation, lang: Lang = 'it'): string {
  const known = r.errno ? ERRNO[lang][r.errno] : undefined;
  const base = known ?? `${REASON[lang][r.reason]}${r.errno ? ` (${r.errno})` : ''}`;
  // When the way to the printer is fine but the printer was not asked, "ready" says only that much: said so.
  // A failure is its own explanation.
  return confirmation === 'status' || r.asked || r.state === 'unreachable'
    ? base
    : `${base}; ${NOT_ASKED[lang][confirmation]}`;
}
