import { z } from 'zod';
import { method } from '../define';
import { noInput } from '../common';
import { PRINTER_ID, printerConfigSchema } from '../../printers/printer-config';

/**
 * The desk's receipt printers as the clerk edits them. Changes go to the desk's own configuration file
 * (atomically) and take effect at once; when the administrator's file sets `printers`, every change is
 * refused with `INVALID_INPUT` / `LOCKED_BY_ADMIN` and the file is left as it was.
 */
export const printerSettingsSchema = z.strictObject({
  printers: z.array(printerConfigSchema),
  /** The default printer's id; null means the on-screen preview printer. */
  default: z.string().nullable(),
  /** True when the administrator's file sets `printers`: shown, not editable. */
  locked: z.boolean(),
});
export type PrinterSettingsView = z.infer<typeof printerSettingsSchema>;

export const printerSettingsMethods = {
  'printers.settings': method(noInput, printerSettingsSchema),
  /**
   * Adds a printer, or replaces the one with the same id. The interface is parsed (scheme, host, port); a
   * logo must be an existing PNG the printer layer can load (`LOGO_NOT_FOUND`, `LOGO_NOT_PNG`…).
   */
  'printers.save': method(z.strictObject({ printer: printerConfigSchema }), printerSettingsSchema),
  /** Removes a printer; removing the default one makes the preview printer the default. */
  'printers.remove': method(z.strictObject({ id: z.string().regex(PRINTER_ID) }), printerSettingsSchema),
  /** null (or `preview`) makes the on-screen preview printer the default. */
  'printers.setDefault': method(
    z.strictObject({ id: z.string().regex(PRINTER_ID).nullable() }),
    printerSettingsSchema,
  ),
};
