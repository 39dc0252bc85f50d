import { z } from 'zod';

/**
 * Receipt printers the desk can use. With none configured (or `default: null`) the desk prints to the
 * on-screen preview printer, which is also what demo mode uses.
 */
export const printerConfigSchema = z.strictObject({
  /** Stable id, used by the UI and the journal. `preview` is reserved for the built-in preview printer. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,31}$/)
    .refine((id) => id !== 'preview', 'id riservato'),
  name: z.string().min(1).max(60),
  family: z.enum(['epson', 'star', 'custom']),
  width: z.union([z.literal(58), z.literal(80)]),
  /** `tcp://host[:port]`, a device path (`/dev/usb/lp0`, `//host/Share`), or `printer:NAME` (spooler driver). */
  interface: z.string().min(1).max(512),
  /** The only code page the desk prints with: € and Italian accents. */
  charset: z.literal('PC858_EURO').default('PC858_EURO'),
  /** PNG printed at the top of each notice, dithered to 1 bit. */
  logo: z.string().max(1024).nullable().default(null),
  timeoutMs: z.number().int().min(500).max(60_000).default(5000),
  qr: z.enum(['raster', 'native']).default('raster'),
  /** See native/printer/transport.ts: `peer-close` unless the printer keeps TCP connections open. */
  confirm: z.enum(['peer-close', 'flushed']).default('peer-close'),
});
export type PrinterConfig = z.output<typeof printerConfigSchema>;

/** Poste Italiane postal slip data per creditor (postal account and print authorisation). */
export const postalSchema = z.strictObject({
  ecFiscalCode: z.string().regex(/^\d{11}$/),
  postalAccount: z.string().regex(/^\d{1,12}$/),
  authorisation: z.string().min(8).max(64),
});

export const printersSection = z
  .strictObject({
    default: z.string().max(64).nullable().default(null),
    list: z.array(printerConfigSchema).max(16).default([]),
    postal: z.array(postalSchema).max(64).default([]),
    /** Module of an optional native spooler driver for `printer:NAME` interfaces. */
    spoolerDriver: z.string().max(128).nullable().default(null),
  })
  .refine((s) => s.default === null || s.default === 'preview' || s.list.some((p) => p.id === s.default), {
    message: 'la stampante predefinita non è nell’elenco',
    path: ['default'],
  })
  .refine((s) => new Set(s.list.map((p) => p.id)).size === s.list.length, {
    message: 'id di stampante ripetuto',
    path: ['list'],
  });
export type PrintersConfig = z.output<typeof printersSection>;
