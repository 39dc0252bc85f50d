import { AppError } from '../../../core/contract/errors';
import { isSerialPath } from '../../../core/printers/printer-config';
import { openTransport } from '../../../native/printer';
import { describeChoices, printerChoices } from '../../services/printing/printer-choices';
import { describeProbe } from '../../services/printing/printer-status-text';
import type { DoctorCheck, DoctorProbe } from './check';

const LABEL = 'Stampanti';
/** The doctor must answer quickly even with every printer switched off: probes run together, briefly. */
const PROBE_TIMEOUT_MS = 1500;

const STATUS = { ready: 'ok', offline: 'warn', unknown: 'info', unreachable: 'fail' } as const;

/**
 * The configured receipt printers: each one's family, paper width and interface, then a best-effort status
 * probe. With no default the desk prints to the on-screen preview printer, which is said plainly.
 */
export const printersProbe: DoctorProbe = async ({ config }) => {
  if (!config) return { id: 'printers', label: LABEL, status: 'info', detail: 'configurazione non valida' };
  const printers = config.config.printers;
  const def = printers.default;
  const summary: DoctorCheck = {
    id: 'printers',
    label: LABEL,
    status: printers.list.length === 0 || !def || def === 'preview' ? 'warn' : 'info',
    detail:
      printers.list.length === 0
        ? 'nessuna stampante configurata: si stampa sulla stampante di anteprima (PNG a schermo, nessun foglio)'
        : `${printers.list.length} configurate; predefinita: ${
            def && def !== 'preview'
              ? def
              : 'anteprima a schermo (nessun foglio: imposta printers.default per stampare davvero)'
          }`,
    data: {
      default: def ?? 'preview',
      printers: printers.list.map((p) => ({
        id: p.id,
        family: p.family,
        width: p.width,
        interface: p.interface,
      })),
    },
  };
  const probes = await Promise.all(
    printers.list.map(async (p): Promise<DoctorCheck> => {
      const choices = printerChoices(p);
      // The line speed of a serial printer: the configured one, or the port's own (said, never guessed).
      const speed = isSerialPath(p.interface)
        ? p.baud
          ? ` a ${p.baud} baud`
          : ' (velocità della porta invariata: baud non indicato)'
        : '';
      const what = `${p.name} — ${p.family} ${p.width} mm, ${p.interface}${speed} (${describeChoices(choices)})`;
      const chosen = {
        baud: p.baud,
        model: p.model,
        qr: choices.qr.mode,
        qrWhy: choices.qr.why,
        dots: choices.dots,
        columns: choices.columns,
        confirmation: choices.confirmation,
      };
      try {
        // A printer whose jobs are confirmed is asked its condition (paper, cover) as a job would ask it.
        const r = await openTransport(p.interface, {
          timeoutMs: Math.min(p.timeoutMs, PROBE_TIMEOUT_MS),
          confirm: p.confirm,
          family: p.family,
          baud: p.baud,
          spoolerDriver: printers.spoolerDriver,
        }).probe();
        return {
          id: `printer:${p.id}`,
          label: `Stampante ${p.id}${p.id === def ? ' (predefinita)' : ''}`,
          status: STATUS[r.state],
          detail: `${what}: ${describeProbe(r, choices.confirmation)}`,
          data: {
            id: p.id,
            family: p.family,
            width: p.width,
            interface: p.interface,
            state: r.state,
            reason: r.reason,
            asked: r.asked,
            ...chosen,
          },
        };
      } catch (err) {
        const reason = err instanceof AppError ? String(err.details?.['reason'] ?? err.code) : 'INTERNAL';
        return {
          id: `printer:${p.id}`,
          label: `Stampante ${p.id}`,
          status: 'fail',
          detail: `${what}: ${reason === 'BAD_URI' ? 'indirizzo non valido' : reason}`,
          data: {
            id: p.id,
            family: p.family,
            width: p.width,
            interface: p.interface,
            state: 'unreachable',
            reason,
            ...chosen,
          },
        };
      }
    }),
  );
  return [summary, ...probes];
};
