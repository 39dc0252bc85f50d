import { z } from 'zod';
import { PRINTER_MODEL_IDS, PRINTER_MODELS } from './models';
import { PRINTER_INTERFACE_SENTENCES, parsePrinterInterface } from './printer-interface';

/**
 * One receipt printer, as the configuration file holds it and as `printers.save` receives it: the config
 * section and the contract share this schema, so a printer the desk accepts from the UI is one it would
 * accept from the file, and back.
 */
export const PRINTER_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** The standard serial speeds receipt printers are set to (their DIP switches or utility offer these). */
export const BAUD_RATES = [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200] as const;

/**
 * A serial line the desk sets with `stty` (Linux and macOS names, as native/printer/device-path.ts allows
 * them): not a USB printer-class device, a parallel port, a Windows port or a network address.
 */
const SERIAL_PATH =
  /^\/dev\/(ttyUSB\d+|ttyACM\d+|ttyS\d+|rfcomm\d+|pts\/\d+|serial\/by-(id|path)\/[^/]+|cu\.[\w.-]+|tty\.[\w.-]+)$/;
export const isSerialPath = (iface: string): boolean => SERIAL_PATH.test(iface.trim());

export const printerConfigSchema = z
  .strictObject({
    /** Stable id, used by the UI and the journal. `preview` is reserved for the built-in preview printer. */
    id: z
      .string()
      .regex(PRINTER_ID)
      .refine((id) => id !== 'preview', { message: 'id riservato', params: { reason: 'ID_RESERVED' } }),
    name: z.string().trim().min(1).max(60),
    family: z.enum(['epson', 'star', 'custom']),
    width: z.union([z.literal(58), z.literal(80)]),
    /**
     * Printable dots, when the model's differ from its paper's usual value (58 mm: 384; 80 mm: 576). 512 for
     * 80 mm printers that print 64 mm or at 180 dpi (Epson TM-T88 series): the slip is laid out for 42 columns.
     */
    dots: z
      .union([z.literal(384), z.literal(512), z.literal(576)])
      .nullable()
      .default(null),
    /** `tcp://host[:port]`, a device path (`/dev/usb/lp0`, `//host/Share`), or `printer:NAME` (spooler driver). */
    interface: z
      .string()
      .max(512)
      .superRefine((s, ctx) => {
        const r = parsePrinterInterface(s);
        if (!r.ok)
          ctx.addIssue({
            code: 'custom',
            message: PRINTER_INTERFACE_SENTENCES[r.reason],
            params: { reason: `INTERFACE_${r.reason}`, ...r.detail },
          });
      }),
    /** The only code page the desk prints with: € and Italian accents. */
    charset: z.literal('PC858_EURO').default('PC858_EURO'),
    /** PNG printed at the top of each notice, dithered to 1 bit. */
    logo: z.string().max(1024).nullable().default(null),
    timeoutMs: z.number().int().min(500).max(60_000).default(5000),
    /**
     * The printer's model (core/printers/models.ts), when it is one the desk knows: its printable dots when
     * `dots` is not given, and whether its own QR command is used.
     */
    model: z.enum(PRINTER_MODEL_IDS).nullable().default(null),
    /**
     * `auto` (default): the model's QR command where the table says it is reliable, else the desk's raster QR.
     * `raster` forces the raster QR (exact on every printer), `native` forces the printer's command.
     */
    qr: z.enum(['auto', 'raster', 'native']).default('auto'),
    /**
     * See native/printer/transport.ts: `peer-close` unless the printer keeps TCP connections open; `status`
     * (TCP, serial and USB device files; not the spooler, which has no back channel) asks the printer for its
     * status before and after the job, and the job is "printed" only when it answers that it finished with
     * paper and no error (native/printer/status/).
     */
    confirm: z.enum(['peer-close', 'flushed', 'status']).default('peer-close'),
    /**
     * Serial line speed, set with the line's raw mode before each job (native/printer/tty-mode.ts). Only for a
     * serial device path; null keeps the speed the system gave the port.
     */
    baud: z
      .number()
      .int()
      .refine((b) => (BAUD_RATES as readonly number[]).includes(b), {
        message: `velocità della linea seriale non standard: usa ${BAUD_RATES.join(', ')}`,
        params: { reason: 'BAUD_RATE' },
      })
      .nullable()
      .default(null),
  })
  .superRefine((p, ctx) => {
    if (p.model && PRINTER_MODELS[p.model].family !== p.family)
      ctx.addIssue({
        code: 'custom',
        path: ['model'],
        message: `il modello ${PRINTER_MODELS[p.model].name} è della famiglia ${PRINTER_MODELS[p.model].family}`,
        params: { reason: 'MODEL_FAMILY', family: PRINTER_MODELS[p.model].family },
      });
    // A speed the transport would not apply is refused: the administrator would believe the line runs at it.
    if (p.baud !== null && !isSerialPath(p.interface))
      ctx.addIssue({
        code: 'custom',
        path: ['baud'],
        message:
          'la velocità (baud) vale solo per una stampante seriale (/dev/ttyS0, /dev/ttyUSB0, /dev/ttyACM0…): toglila per tcp://, printer: e USB /dev/usb/lp*; su Windows la velocità della porta COM si imposta in Gestione dispositivi',
        params: { reason: 'BAUD_NOT_SERIAL' },
      });
    // Refused rather than silently downgraded: the administrator would believe every job is confirmed.
    if (p.confirm === 'status' && /^printer:/i.test(p.interface.trim()))
      ctx.addIssue({
        code: 'custom',
        path: ['confirm'],
        message:
          'la coda di stampa del sistema non riporta lo stato della stampante: usa tcp:// o il dispositivo',
        params: { reason: 'CONFIRM_UNSUPPORTED' },
      });
  });
export type PrinterConfig = z.output<typeof printerConfigSchema>;
export type PrinterConfigInput = z.input<typeof printerConfigSchema>;

export type PrinterField = keyof PrinterConfig;

/** A stable reason per field problem: the UI turns it into a sentence, the service into `details`. */
export interface PrinterFieldIssue {
  readonly field: PrinterField | 'form';
  readonly reason: string;
  readonly params: Readonly<Record<string, unknown>>;
}

const FIELDS = new Set<string>(Object.keys(printerConfigSchema.shape));

function reasonOf(issue: z.core.$ZodIssue): { reason: string; params: Record<string, unknown> } {
  if (issue.code === 'custom') {
    const { reason, ...params } = (issue.params ?? {}) as Record<string, unknown>;
    return { reason: typeof reason === 'string' ? reason : 'INVALID', params };
  }
  if (issue.code === 'too_small')
    return issue.origin === 'string'
      ? { reason: 'REQUIRED', params: {} }
      : { reason: 'TOO_SMALL', params: { min: Number(issue.minimum) } };
  if (issue.code === 'too_big')
    return issue.origin === 'string'
      ? { reason: 'TOO_LONG', params: { max: Number(issue.maximum) } }
      : { reason: 'TOO_BIG', params: { max: Number(issue.maximum) } };
  if (issue.code === 'invalid_type')
    return { reason: issue.expected === 'int' ? 'NOT_INTEGER' : 'REQUIRED', params: {} };
  if (issue.code === 'invalid_value' || issue.code === 'invalid_union')
    return { reason: 'CHOICE', params: {} };
  if (issue.code === 'invalid_format') return { reason: 'FORMAT', params: {} };
  return { reason: 'INVALID', params: {} };
}

/** Validates a printer as the form holds it: one issue per problem, by field, first problem first. */
export function printerIssues(draft: unknown): PrinterFieldIssue[] {
  const r = printerConfigSchema.safeParse(draft);
  if (r.success) return [];
  return r.error.issues.map((issue) => {
    const head = String(issue.path[0] ?? '');
    return { field: FIELDS.has(head) ? (head as PrinterField) : 'form', ...reasonOf(issue) };
  });
}

/** An id for a new printer from its name: lower-case ASCII, unique among the ids already taken. */
export function printerIdFor(name: string, taken: readonly string[]): string {
  const base =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 24) || 'stampante';
  const safe = base === 'preview' ? 'stampante' : base;
  let id = safe;
  for (let n = 2; taken.includes(id); n++) id = `${safe}-${n}`;
  return id;
}
