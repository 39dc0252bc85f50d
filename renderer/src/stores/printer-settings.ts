import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { PrinterSettingsView } from '../../../core/contract/domains/printer-settings';
import type { ContractError } from '../../../core/contract/errors';
import type { PrinterConfig } from '../../../core/printers/printer-config';
import { useApi } from './desk';
import { usePrintingStore } from './printing';

/**
 * The printers as the clerk edits them (`printers.settings/save/remove/setDefault`). After each change the
 * printing store reloads its list, so the print dialog and the status bar follow at once.
 */
export const usePrinterSettingsStore = defineStore('printer-settings', () => {
  const view = shallowRef<PrinterSettingsView | null>(null);

  async function load(): Promise<void> {
    const r = await useApi().printers.settings();
    if (r.ok) view.value = r.value;
  }

  async function after(
    r: { ok: true; value: PrinterSettingsView } | { ok: false; error: ContractError },
  ): Promise<ContractError | null> {
    if (!r.ok) return r.error;
    view.value = r.value;
    await usePrintingStore().loadPrinters();
    return null;
  }

  const save = async (printer: PrinterConfig) => after(await useApi().printers.save({ printer }));
  const remove = async (id: string) => after(await useApi().printers.remove({ id }));
  const setDefault = async (id: string | null) => after(await useApi().printers.setDefault({ id }));

  function config(id: string): PrinterConfig | null {
    return view.value?.printers.find((p) => p.id === id) ?? null;
  }

  return { view, load, save, remove, setDefault, config };
});
