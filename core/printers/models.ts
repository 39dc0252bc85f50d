/**
 * Receipt printers the desk knows by name: what they print across (dots, hence font A columns) and whether
 * their own QR command (`GS ( k` on Epson, `ESC GS y` on Star line mode) is one to rely on. A printer whose
 * configuration names its `model` gets the printer's QR command (about 1.3 KB a notice instead of about
 * 17 KB of raster: 1.3 s instead of 17 s on a 9600-baud line) when the table says it is reliable, unless the
 * administrator forces `qr: "raster"`. Anything not in the table, or not verified, keeps the raster QR the
 * desk draws itself, exact on every printer. docs/printing.md lists the sources.
 *
 * `dots` is the printable width on 80 mm paper; on 58 mm paper every model here prints 384 dots.
 */
export interface PrinterModel {
  readonly name: string;
  readonly family: 'epson' | 'star' | 'custom';
  readonly dots: 384 | 512 | 576;
  /** The model's QR command prints version 4 / ECC M as the desk asks: use it. */
  readonly nativeQr: boolean;
  /** Where the row's values come from (or why native QR stays off). */
  readonly source: string;
}

const EPSON_QR = 'Epson ESC/POS command reference, GS ( k <Function 165–182> (QR Code)';

export const PRINTER_MODELS = {
  'epson-tm-t20': {
    name: 'Epson TM-T20',
    family: 'epson',
    dots: 576,
    nativeQr: true,
    source: `${EPSON_QR}; TM-T20 ESC/POS Quick Reference lists GS ( k`,
  },
  'epson-tm-t20ii': {
    name: 'Epson TM-T20II',
    family: 'epson',
    dots: 576,
    nativeQr: true,
    source: `${EPSON_QR}; TM-T20II ESC/POS Quick Reference lists GS ( k`,
  },
  'epson-tm-t20iii': {
    name: 'Epson TM-T20III',
    family: 'epson',
    dots: 576,
    nativeQr: true,
    source: EPSON_QR,
  },
  'epson-tm-t88v': {
    name: 'Epson TM-T88V',
    family: 'epson',
    dots: 512,
    nativeQr: true,
    source: `${EPSON_QR}; 180 dpi, 72 mm printable`,
  },
  'epson-tm-t88vi': {
    name: 'Epson TM-T88VI',
    family: 'epson',
    dots: 512,
    nativeQr: true,
    source: `${EPSON_QR}; 180 dpi, 72 mm printable`,
  },
  'epson-tm-t88iv': {
    name: 'Epson TM-T88IV',
    family: 'epson',
    dots: 512,
    nativeQr: false,
    source: '2D codes (GS ( k) came with the TM-T88V: raster',
  },
  'epson-tm-m30': {
    name: 'Epson TM-m30',
    family: 'epson',
    dots: 576,
    nativeQr: true,
    source: EPSON_QR,
  },
  'epson-tm-t82': {
    name: 'Epson TM-T82',
    family: 'epson',
    dots: 576,
    nativeQr: false,
    source: 'QR support varies by firmware region: not verified, raster',
  },
  'star-tsp650ii': {
    name: 'Star TSP650II',
    family: 'star',
    dots: 576,
    nativeQr: true,
    source: 'Star Line Mode command specification, ESC GS y (QR Code); Star Line emulation',
  },
  'star-tsp100': {
    name: 'Star TSP100 / TSP143',
    family: 'star',
    dots: 576,
    nativeQr: false,
    source: 'Star Graphic emulation (raster only): no printer QR command',
  },
  'star-mc-print3': {
    name: 'Star mC-Print3',
    family: 'star',
    dots: 576,
    nativeQr: false,
    source: 'StarPRNT printer; its line-mode QR not verified: raster',
  },
  'custom-kube-ii': {
    name: 'Custom KUBE II 80',
    family: 'custom',
    dots: 576,
    nativeQr: false,
    source: 'QR command not verified against Custom’s manual: raster',
  },
  'custom-vkp80iii': {
    name: 'Custom VKP80III',
    family: 'custom',
    dots: 576,
    nativeQr: false,
    source: 'QR command not verified against Custom’s manual: raster',
  },
} as const satisfies Record<string, PrinterModel>;

export type PrinterModelId = keyof typeof PRINTER_MODELS;
export const PRINTER_MODEL_IDS = Object.keys(PRINTER_MODELS) as [PrinterModelId, ...PrinterModelId[]];

/**
 * How the QR is drawn, and why: `forced` (the configuration says `raster` or `native`), `model` (the model's
 * QR command is reliable: native), `model-raster` (the model is known, its command is not relied upon),
 * `no-model` (no model named: raster, the desk's own drawing).
 */
export interface QrChoice {
  readonly mode: 'raster' | 'native';
  readonly why: 'forced' | 'model' | 'model-raster' | 'no-model';
  readonly model: PrinterModelId | null;
}

export function chooseQr(p: {
  readonly qr: 'auto' | 'raster' | 'native';
  readonly model: PrinterModelId | null;
}): QrChoice {
  if (p.qr !== 'auto') return { mode: p.qr, why: 'forced', model: p.model };
  if (!p.model) return { mode: 'raster', why: 'no-model', model: null };
  return PRINTER_MODELS[p.model].nativeQr
    ? { mode: 'native', why: 'model', model: p.model }
    : { mode: 'raster', why: 'model-raster', model: p.model };
}

/** Printable dots: the configuration's when given, else the model's on 80 mm paper, else the paper's. */
export function chooseDots(p: {
  readonly width: 58 | 80;
  readonly dots: 384 | 512 | 576 | null;
  readonly model: PrinterModelId | null;
}): 384 | 512 | 576 | null {
  if (p.dots !== null) return p.dots;
  if (p.model && p.width === 80) return PRINTER_MODELS[p.model].dots;
  return null;
}
