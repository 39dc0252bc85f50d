import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DoctorCheck } from '../../../electron/cli/doctor/check';
import { printersProbe } from '../../../electron/cli/doctor/probes-printers';
import { AppError } from '../../../core/contract/errors';
import { describeConfigError, parseConfig } from '../../../electron/services/config/load';
import type { Platform } from '../../../electron/services/platform/types';
import { refusedPort, startCaptureServer, type CaptureServer } from '../../support/escpos/capture-server';

/** The doctor only reads `config`; the platform is not used by this probe. */
const platform = {} as Platform;

async function probe(printers: unknown): Promise<DoctorCheck[]> {
  const config = parseConfig({ printers }, 'config.json');
  const r = await printersProbe({ platform, config: { config, locked: [], userValues: {} } });
  return Array.isArray(r) ? r : [r];
}

describe('sportello doctor: printers', () => {
  let server: CaptureServer;
  beforeAll(async () => {
    server = await startCaptureServer();
  });
  afterAll(() => server.close());

  it('with none configured, says that the preview printer prints nothing', async () => {
    const [summary, ...rest] = await probe({});
    expect(rest).toEqual([]);
    expect(summary!.status).toBe('warn');
    expect(summary!.detail).toContain('stampante di anteprima');
    expect(summary!.data).toMatchObject({ default: 'preview', printers: [] });
  });

  it('lists each printer with family, width and interface and probes it with a short timeout', async () => {
    const refused = await refusedPort();
    const checks = await probe({
      default: 'banco',
      list: [
        { id: 'banco', name: 'Banco 1', family: 'epson', width: 80, interface: server.uri },
        { id: 'spenta', name: 'Banco 2', family: 'star', width: 58, interface: `tcp://127.0.0.1:${refused}` },
        {
          id: 'usb',
          name: 'Banco 3',
          family: 'custom',
          width: 58,
          interface: '/dev/usb/lp96',
        },
      ],
    });
    const byId = Object.fromEntries(checks.map((c) => [c.id, c]));
    expect(byId['printers']!.detail).toContain('3 configurate; predefinita: banco');
    expect(byId['printer:banco']).toMatchObject({ status: 'ok', label: 'Stampante banco (predefinita)' });
    expect(byId['printer:banco']!.detail).toContain(`Banco 1 — epson 80 mm, ${server.uri}`);
    expect(byId['printer:spenta']).toMatchObject({
      status: 'fail',
      data: { family: 'star', width: 58, state: 'unreachable' },
    });
    expect(byId['printer:spenta']!.detail).toContain('nessuno in ascolto');
    expect(byId['printer:usb']).toMatchObject({
      status: 'fail',
      data: { family: 'custom', state: 'unreachable' },
    });
    expect(byId['printer:usb']!.detail).toContain('dispositivo assente');
  });

  it('a printer with an invalid address is a configuration error naming the key, not a crash', async () => {
    const err = await probe({
      list: [{ id: 'rotta', name: 'Rotta', family: 'epson', width: 80, interface: 'http://printer' }],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(describeConfigError(err as AppError)).toContain(
      'printers.list.0.interface: tipo di collegamento sconosciuto',
    );
  });
});
