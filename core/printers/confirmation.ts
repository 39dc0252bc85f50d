import { parsePrinterInterface } from './printer-interface';

/**
 * Whether a printer's jobs can end "printed" (the printer said so) or only "sent", and why: the clerk's
 * notification and the printers list say which. A TCP connection and a device file (serial, USB printer
 * class) carry answers back; the OS spooler's RAW queue and the on-screen preview never do.
 *
 * - `status`: the printer is asked before and after each job (`confirm: 'status'`).
 * - `not-asked`: it could answer, but the configuration does not ask it (`peer-close` / `flushed`).
 * - `cannot`: the way there has no back channel: jobs stay "sent".
 */
export type Confirmation = 'status' | 'not-asked' | 'cannot';

export function confirmationOf(printer: {
  readonly interface: string;
  readonly confirm: string;
}): Confirmation {
  const i = parsePrinterInterface(printer.interface);
  if (!i.ok || i.value.kind === 'spooler') return 'cannot';
  return printer.confirm === 'status' ? 'status' : 'not-asked';
}
