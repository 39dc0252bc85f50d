import { describeConfigError } from '../../services/config/describe-error';
import type { Lang } from '../../services/config/issue-text';

type Details = Readonly<Record<string, unknown>>;
type Sentence = (d: Details) => string;

const s = (v: unknown) => String(v);
const file = (d: Details) =>
  typeof d['file'] === 'string' ? d['file'] : typeof d['path'] === 'string' ? d['path'] : null;

/**
 * A stable error code (and its reason) as one sentence for IT staff that says what happened and what to do.
 * Keyed `CODE:REASON` first, then `CODE`; an unlisted pair still gets the code's sentence, never a code alone.
 */
const IT: Record<string, Sentence> = {
  'IMPORT_INVALID:UNREADABLE': (d) =>
    `file non leggibile: ${file(d) ?? '?'} — controlla il percorso e i permessi`,
  'IMPORT_INVALID:ENCODING': (d) =>
    `il file non è in UTF-8 (${s(d['encoding'])}, riga ${s(d['line'])}): salvalo come "CSV UTF-8" e riprova`,
  'IMPORT_INVALID:JSON_TOO_LARGE': () => 'file JSON oltre 256 MB: dividilo o usa JSON Lines (.jsonl)',
  'IMPORT_INVALID:JSON_SHAPE': () =>
    'il JSON deve essere un elenco di righe o { "rows": [...] } (docs/import-format.md)',
  IMPORT_INVALID: (d) =>
    `file da importare non valido (${s(d['reason'] ?? '?')}): vedi docs/import-format.md`,
  'PRINTER_UNREACHABLE:REFUSED': () =>
    'stampante non raggiungibile: connessione rifiutata — controlla che sia accesa e l’indirizzo in printers.list',
  'PRINTER_UNREACHABLE:NOT_FOUND': () =>
    'stampante non trovata: dispositivo o host assente — controlla cavo USB, coda di stampa o indirizzo in printers.list',
  'PRINTER_UNREACHABLE:ACCESS_DENIED': () =>
    'accesso alla stampante negato: aggiungi l’utente al gruppo "lp" (Linux) o controlla i permessi della coda',
  'PRINTER_UNREACHABLE:DRIVER_MISSING': () =>
    'coda di stampa senza driver: crea la coda in modalità RAW (docs/deploying.md)',
  PRINTER_UNREACHABLE: (d) =>
    `stampante non raggiungibile${d['reason'] ? ` (${s(d['reason'])})` : ''}: controlla che sia accesa e collegata (sportello printers status)`,
  PRINTER_TIMEOUT: () => 'la stampante non ha risposto in tempo: controlla carta e coperchio, poi riprova',
  PRINT_FAILED: () => 'stampa non riuscita: controlla la stampante (sportello printers status) e riprova',
  'NOT_FOUND:PRINTER_UNKNOWN': (d) =>
    `stampante sconosciuta${d['printerId'] ? ` "${s(d['printerId'])}"` : ''}: vedi l’elenco con "sportello printers list"`,
  NOT_FOUND: () => 'non trovato: controlla il codice o il nome indicato',
  NOT_PAYABLE: () =>
    'avviso non stampabile: la rata o il pagamento scelto non è pagabile (pagato, scaduto o annullato)',
  'INVALID_INPUT:BAD_URI': () =>
    'indirizzo della stampante non valido: vedi printers.list in docs/deploying.md',
  REPRINT_REQUIRED: () => 'questo avviso è già stato stampato: chiedi una ristampa',
  DB_TOO_NEW: () => 'l’archivio è di una versione più recente di Sportello: aggiorna questo programma',
  DB_CORRUPT: () => 'archivio danneggiato: ripristina l’ultima copia di sicurezza (docs/deploying.md)',
  BACKEND_UNAVAILABLE: () =>
    'servizio pagamenti non raggiungibile: controlla la rete e backend.* nella configurazione',
  BACKEND_TIMEOUT: () => 'il servizio pagamenti non ha risposto in tempo: riprova più tardi',
  BACKEND_REJECTED: () =>
    'il servizio pagamenti ha rifiutato la richiesta: controlla credenziali e backend.* nella configurazione',
  BACKEND_MALFORMED: () =>
    'risposta non valida dal servizio pagamenti: segnala il problema al fornitore del servizio',
  MODULE_NOT_FOUND: () =>
    'libreria PKCS#11 del lettore non trovata: installa il middleware della carta (docs/deploying.md)',
  MODULE_LOAD_FAILED: () =>
    'libreria PKCS#11 non caricabile: reinstalla il middleware della carta (docs/deploying.md)',
  CARD_NOT_PRESENT: () => 'nessuna carta nel lettore: inserisci la carta e riprova',
  CARD_UNSUPPORTED: () => 'carta non riconosciuta: serve una CNS o una CRS',
  CARD_READ_FAILED: () => 'lettura della carta non riuscita: reinserisci la carta e riprova',
  READER_RESTARTING: () => 'il lettore si sta riavviando: riprova tra qualche secondo',
  PIN_INCORRECT: () => 'PIN errato',
  PIN_LOCKED: () => 'PIN bloccato: serve il PUK presso l’ente che ha emesso la carta',
  UNAVAILABLE: () => 'servizio non disponibile su questa macchina',
  INVALID_INPUT: () => 'dato non valido: controlla il valore indicato',
  'AUDIT_UNAVAILABLE:KEY_MISSING': () =>
    'registro delle operazioni non scrivibile: manca la sua chiave nel portachiavi — ripristinala dalla copia di sicurezza (sportello doctor)',
  AUDIT_UNAVAILABLE: () =>
    'registro delle operazioni non scrivibile, quindi nulla è stato fatto: esegui "sportello doctor"',
  DISK_FULL: () => 'disco pieno, quindi nulla è stato fatto: libera spazio nella cartella dei dati e riprova',
  DB_READ_ONLY: () =>
    'archivio in sola lettura, quindi nulla è stato fatto: controlla i permessi della cartella dei dati',
  INTERNAL: () => 'errore interno: riprova; se si ripete, esegui "sportello doctor" e segnala il problema',
};

const EN: Record<string, Sentence> = {
  'IMPORT_INVALID:UNREADABLE': (d) => `file not readable: ${file(d) ?? '?'} — check the path and permissions`,
  'IMPORT_INVALID:ENCODING': (d) =>
    `the file is not UTF-8 (${s(d['encoding'])}, line ${s(d['line'])}): save it as "CSV UTF-8" and retry`,
  IMPORT_INVALID: (d) => `invalid import file (${s(d['reason'] ?? '?')}): see docs/import-format.md`,
  'PRINTER_UNREACHABLE:REFUSED': () =>
    'printer unreachable: connection refused — check it is on and its address in printers.list',
  PRINTER_UNREACHABLE: () => 'printer unreachable: check it is on and connected (sportello printers status)',
  PRINTER_TIMEOUT: () => 'the printer did not answer in time: check paper and cover, then retry',
  PRINT_FAILED: () => 'printing failed: check the printer (sportello printers status) and retry',
  'NOT_FOUND:PRINTER_UNKNOWN': (d) =>
    `unknown printer${d['printerId'] ? ` "${s(d['printerId'])}"` : ''}: list them with "sportello printers list"`,
  NOT_FOUND: () => 'not found: check the code or name given',
  NOT_PAYABLE: () => 'notice not printable: it cannot be paid',
  DB_TOO_NEW: () => 'the database is from a newer Sportello: update this program',
  DB_CORRUPT: () => 'database damaged: restore the latest backup (docs/deploying.md)',
  BACKEND_UNAVAILABLE: () =>
    'payment service unreachable: check the network and backend.* in the configuration',
  MODULE_NOT_FOUND: () =>
    'card reader PKCS#11 library not found: install the card middleware (docs/deploying.md)',
  'AUDIT_UNAVAILABLE:KEY_MISSING': () =>
    'the audit log cannot be written: its key is missing from the keychain — restore it from the backup (sportello doctor)',
  AUDIT_UNAVAILABLE: () => 'the audit log cannot be written, so nothing was done: run "sportello doctor"',
  DISK_FULL: () => 'disk full, so nothing was done: free space in the data folder and retry',
  DB_READ_ONLY: () => 'the store is read-only, so nothing was done: check the data folder’s permissions',
  INTERNAL: () => 'internal error: retry; if it happens again run "sportello doctor" and report it',
};

/** The sentence for a code and its details, in `lang`; CONFIG_INVALID names the file and each key. */
export function explainError(code: string, details: Details = {}, lang: Lang = 'it'): string {
  if (code === 'CONFIG_INVALID') return describeConfigError({ details }, lang);
  const table = lang === 'en' ? EN : IT;
  const reason = typeof details['reason'] === 'string' ? details['reason'] : '';
  const f = table[`${code}:${reason}`] ?? table[code] ?? IT[`${code}:${reason}`] ?? IT[code];
  if (f) return f(details);
  return lang === 'en'
    ? `error ${code}${reason ? ` (${reason})` : ''}: run "sportello doctor"`
    : `errore ${code}${reason ? ` (${reason})` : ''}: esegui "sportello doctor"`;
}

/** A message that is nothing but a code ("PRINTER_UNREACHABLE (REFUSED)", "NOT_PAYABLE"): said in words. */
export function isBareCode(message: string): boolean {
  return /^[A-Z][A-Z0-9_]+(?: \([A-Z0-9_]+\))?$/.test(message.trim());
}
