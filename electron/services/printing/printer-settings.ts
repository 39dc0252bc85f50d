import type { PrinterSettingsView } from '../../../core/contract/domains/printer-settings';
import { AppError } from '../../../core/contract/errors';
import type { PrinterConfig } from '../../../core/printers/printer-config';
import { parsePrinterInterface } from '../../../core/printers/printer-interface';
import { ditherPng } from '../../../native/printer';
import { checkDevicePath, DeviceRefused } from '../../../native/printer/device-path';
import type { AuditLog } from '../audit/audit-log';
import { printersSection, type PrintersConfig } from '../config/sections/printers';
import type { SettingsService } from '../settings/settings-service';
import { readLogoFile } from './logo-file';
import type { PrintingService } from './printing-service';
import { PREVIEW_PRINTER_ID } from './printing-service';

/**
 * A logo is loaded by the printer layer at print time, where a bad file is only logged (a notice must still
 * print): so it is checked here, when the clerk can still fix it, with the same reader and loader.
 */
export async function checkLogo(path: string, width: 58 | 80): Promise<void> {
  const bytes = await readLogoFile(path);
  try {
    ditherPng(bytes, width === 80 ? 384 : 256);
  } catch (err) {
    throw new AppError('INVALID_INPUT', { reason: 'LOGO_BROKEN', field: 'logo' }, { cause: err });
  }
}

/** A path interface must name a printer device, and be one if it exists now (see native/printer/device-path). */
export async function checkInterface(value: string): Promise<void> {
  const parsed = parsePrinterInterface(value);
  if (!parsed.ok || parsed.value.kind !== 'device') return;
  try {
    await checkDevicePath(parsed.value.path);
  } catch (err) {
    if (err instanceof DeviceRefused)
      throw new AppError('INVALID_INPUT', {
        reason: `INTERFACE_${err.reason}`,
        field: 'interface',
        kind: err.kind,
      });
    throw new AppError(
      'INVALID_INPUT',
      { reason: 'INTERFACE_UNREADABLE', field: 'interface' },
      { cause: err },
    );
  }
}

/**
 * The clerk's changes to the printers: one section of the desk's own file, through the settings service's
 * atomic write. The printing service reads printers from the same settings at each use, so a change applies
 * to the next job without a restart.
 */
export class PrinterSettings {
  constructor(
    private readonly d: { settings: SettingsService; printing: PrintingService; audit: AuditLog },
  ) {}

  view(): PrinterSettingsView {
    const c = this.d.settings.config.printers;
    return {
      printers: c.list,
      default: c.default === PREVIEW_PRINTER_ID ? null : c.default,
      locked: this.d.settings.lockedIn('printers').length > 0,
    };
  }

  async save(printer: PrinterConfig): Promise<PrinterSettingsView> {
    this.assertUnlocked();
    await checkInterface(printer.interface);
    if (printer.logo !== null) await checkLogo(printer.logo, printer.width);
    return this.change('printers.saved', printer.id, (c) => {
      const i = c.list.findIndex((p) => p.id === printer.id);
      const list = i >= 0 ? c.list.map((p, j) => (j === i ? printer : p)) : [...c.list, printer];
      if (list.length > 16) throw new AppError('INVALID_INPUT', { reason: 'TOO_MANY_PRINTERS', max: 16 });
      return { ...c, list };
    });
  }

  remove(id: string): PrinterSettingsView {
    this.assertUnlocked();
    return this.change('printers.removed', id, (c) => {
      if (!c.list.some((p) => p.id === id))
        throw new AppError('NOT_FOUND', { reason: 'PRINTER_UNKNOWN', printerId: id });
      return { ...c, list: c.list.filter((p) => p.id !== id), default: c.default === id ? null : c.default };
    });
  }

  setDefault(id: string | null): PrinterSettingsView {
    this.assertUnlocked();
    const want = id === PREVIEW_PRINTER_ID ? null : id;
    return this.change('printers.default', want, (c) => {
      if (want !== null && !c.list.some((p) => p.id === want))
        throw new AppError('NOT_FOUND', { reason: 'PRINTER_UNKNOWN', printerId: want });
      return { ...c, default: want };
    });
  }

  /** Checked before the logo file is read, so a locked desk answers the same whatever the input. */
  private assertUnlocked(): void {
    const keys = this.d.settings.lockedIn('printers');
    if (keys.length > 0) throw new AppError('INVALID_INPUT', { reason: 'LOCKED_BY_ADMIN', keys });
  }

  private change(
    action: string,
    subject: string | null,
    edit: (current: PrintersConfig) => PrintersConfig,
  ): PrinterSettingsView {
    // Validated first (the edit throws on a bad change), then audited, then written: a change that cannot be
    // recorded is not made.
    edit(printersSection.parse(this.d.settings.config.printers));
    this.d.audit.record({ actor: 'desk', action, subject, details: {} });
    this.d.settings.updateSection('printers', (raw) => edit(printersSection.parse(raw ?? {})));
    this.d.printing.refreshStatus();
    return this.view();
  }
}
