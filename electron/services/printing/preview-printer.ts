import type { PrinterConfig } from '../config/sections/printers';

/** The built-in printer that renders to the screen: the default with no printer configured and in demo mode. */
export const PREVIEW_PRINTER_ID = 'preview';
export const PREVIEW: PrinterConfig = {
  id: PREVIEW_PRINTER_ID,
  name: 'Anteprima a schermo',
  family: 'epson',
  width: 80,
  dots: null,
  interface: '',
  charset: 'PC858_EURO',
  logo: null,
  timeoutMs: 5000,
  model: null,
  qr: 'raster',
  confirm: 'peer-close',
  baud: null,
};

/** A printer as a job uses it: a configured one, or the preview printer. */
export type Printer = PrinterConfig & { readonly preview: boolean };
