import { confirmationOf, type Confirmation } from '../../../core/printers/confirmation';
import { PRINTER_MODELS, type QrChoice } from '../../../core/printers/models';
import { columns, printableDots, profileOf } from '../../../native/printer';
import type { PrinterConfig } from '../config/sections/printers';

/**
 * What the desk decided for a configured printer from its model and settings, said for the administrator
 * (`sportello doctor`, `sportello printers list|test`): how the QR is drawn and why, the printable width,
 * and whether jobs can end "printed".
 */
export interface PrinterChoices {
  readonly model: string | null;
  readonly qr: QrChoice;
  readonly dots: number;
  readonly columns: number;
  readonly confirmation: Confirmation;
}

export function printerChoices(p: PrinterConfig): PrinterChoices {
  const profile = profileOf(p);
  return {
    model: p.model ? PRINTER_MODELS[p.model].name : null,
    qr: profile.qrChoice,
    dots: printableDots(profile),
    columns: columns(profile),
    confirmation: confirmationOf(p),
  };
}

const QR_WHY: Readonly<Record<QrChoice['why'], string>> = {
  forced: 'impostato nella configurazione',
  model: 'comando affidabile per il modello',
  'model-raster': 'il comando QR del modello non è verificato',
  'no-model': 'nessun modello indicato',
};

const CONFIRMATION: Readonly<Record<Confirmation, string>> = {
  status: 'la stampante conferma ogni avviso («stampato»)',
  'not-asked': 'avvisi «inviati» (la stampante potrebbe confermare: confirm "status")',
  cannot: 'avvisi solo «inviati»: la coda di stampa non può confermare',
};

/** One Italian line: "QR: comando della stampante (…); 576 punti, 48 colonne; …". */
export function describeChoices(c: PrinterChoices): string {
  const qr = c.qr.mode === 'native' ? 'comando della stampante' : 'immagine disegnata dallo sportello';
  const model = c.model ? `modello ${c.model}` : 'modello non indicato';
  return `${model}; QR: ${qr} (${QR_WHY[c.qr.why]}); ${c.dots} punti, ${c.columns} colonne; ${CONFIRMATION[c.confirmation]}`;
}
