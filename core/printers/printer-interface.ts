import { fail, ok, type Result } from '../result';

/** Where a receipt printer's bytes go, as the transports understand it. */
export type PrinterInterface =
  | { readonly kind: 'tcp'; readonly host: string; readonly port: number }
  | { readonly kind: 'spooler'; readonly name: string }
  | { readonly kind: 'device'; readonly path: string };

/** Why an interface string is not one: each has a sentence in the UI (it/en) and in the config errors. */
export type PrinterInterfaceProblem =
  | 'EMPTY'
  | 'UNKNOWN_SCHEME'
  | 'SCHEME_MISSING'
  | 'HOST_MISSING'
  | 'PORT_MISSING'
  | 'PORT_INVALID'
  | 'PORT_RANGE'
  | 'TCP_FORMAT'
  | 'HOST_INVALID'
  | 'SPOOLER_NAME_MISSING'
  | 'DEVICE_PATH_RELATIVE';

/** The raw printer port: what `tcp://host` without a port means, as documented in printing.md. */
export const DEFAULT_TCP_PORT = 9100;

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;
const TCP_REST = /^([^/:\s]*)(?::([^/]*))?\/?$/;
/** `/dev/usb/lp0`, `//host/Share`, `\\host\Share`, `C:\…`, `COM1`, `LPT1`. */
const ABSOLUTE_DEVICE = /^(\/|\\\\|[a-z]:[\\/]|(com|lpt)\d+:?$)/i;
/** `192.168.1.50:9100` or `stampante:9100`: a network address typed without `tcp://`. */
const BARE_HOST_PORT = /^[a-z0-9.-]+:\d+$/i;

/** Dotted digits are an IPv4 address and must be one (`300.1.1.1` is not); anything else a DNS host name. */
function validHost(host: string): boolean {
  if (/^[\d.]+$/.test(host)) {
    const parts = host.split('.');
    return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
  }
  return host.length <= 253 && host.split('.').every((l) => /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i.test(l));
}

/**
 * Reads a printer interface: `tcp://host[:port]` (port 9100 when omitted), `printer:NAME` (the OS spooler)
 * or an absolute device path. A string that names another scheme, or a port that is empty, not a number or
 * out of range, is refused with a stable reason rather than guessed at.
 */
export function parsePrinterInterface(raw: string): Result<PrinterInterface, PrinterInterfaceProblem> {
  const s = raw.trim();
  if (s.length === 0) return fail('EMPTY');
  const scheme = SCHEME.exec(s);
  if (scheme) {
    const name = scheme[1]!.toLowerCase();
    if (name !== 'tcp') return fail('UNKNOWN_SCHEME', { scheme: name });
    const m = TCP_REST.exec(s.slice(scheme[0].length));
    if (!m) return fail('TCP_FORMAT');
    const host = m[1] ?? '';
    if (host.length === 0) return fail('HOST_MISSING');
    if (!validHost(host)) return fail('HOST_INVALID', { host });
    const portText = m[2];
    if (portText === undefined) return ok({ kind: 'tcp', host, port: DEFAULT_TCP_PORT });
    if (portText.length === 0) return fail('PORT_MISSING');
    if (!/^\d{1,6}$/.test(portText)) return fail('PORT_INVALID', { port: portText });
    const port = Number(portText);
    if (port < 1 || port > 65535) return fail('PORT_RANGE', { port });
    return ok({ kind: 'tcp', host, port });
  }
  if (/^printer:/i.test(s)) {
    const name = s.slice('printer:'.length).trim();
    return name.length === 0 ? fail('SPOOLER_NAME_MISSING') : ok({ kind: 'spooler', name });
  }
  if (BARE_HOST_PORT.test(s) && !ABSOLUTE_DEVICE.test(s))
    return fail('SCHEME_MISSING', { suggestion: `tcp://${s}` });
  if (!ABSOLUTE_DEVICE.test(s)) return fail('DEVICE_PATH_RELATIVE');
  return ok({ kind: 'device', path: s });
}

/** Italian sentences for the technician reading a configuration error (the UI has its own, in both languages). */
export const PRINTER_INTERFACE_SENTENCES: Readonly<Record<PrinterInterfaceProblem, string>> = {
  EMPTY: 'indica dove si trova la stampante',
  UNKNOWN_SCHEME:
    'tipo di collegamento sconosciuto: usa tcp://indirizzo:porta, un percorso di dispositivo o printer:NOME',
  SCHEME_MISSING: 'manca «tcp://» davanti all’indirizzo di rete',
  HOST_MISSING: 'manca l’indirizzo della stampante dopo «tcp://»',
  PORT_MISSING: 'manca il numero di porta dopo i due punti',
  PORT_INVALID: 'la porta deve essere un numero',
  PORT_RANGE: 'la porta deve essere tra 1 e 65535',
  TCP_FORMAT: 'indirizzo di rete non valido: usa tcp://indirizzo:porta',
  HOST_INVALID: 'indirizzo della stampante non valido (un indirizzo IP ha quattro numeri da 0 a 255)',
  SPOOLER_NAME_MISSING: 'manca il nome della stampante dopo «printer:»',
  DEVICE_PATH_RELATIVE: 'il percorso del dispositivo deve essere completo (per esempio /dev/usb/lp0)',
};
