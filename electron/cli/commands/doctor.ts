import { loadConfig, type LoadedConfig } from '../../services/config/load';
import { nodePlatform } from '../../services/platform/node';
import type { Command } from '../command';
import type { DoctorCheck } from '../doctor/check';
import { probes } from '../doctor/probes';
import { configFailure } from '../doctor/probes-foundation';

const MARK = { ok: '✔', warn: '!', fail: '✘', info: '·' } as const;

export const doctorCommand: Command = {
  name: 'doctor',
  summary: 'diagnostica: Node, configurazione, archivio, lettori, stampanti, servizio pagamenti',
  usage: 'sportello doctor [--json]',
  options: {},
  async run(_args, io) {
    const platform = nodePlatform(io.env);
    const checks: DoctorCheck[] = [];
    let config: LoadedConfig | null = null;
    try {
      config = loadConfig({
        userFile: platform.paths.userConfigFile,
        adminFile: platform.paths.adminConfigFile,
      });
    } catch (err) {
      checks.push({
        id: 'config-error',
        label: 'Errore di configurazione',
        status: 'fail',
        detail: configFailure(err),
      });
    }
    for (const probe of probes) {
      try {
        const r = await probe({ platform, config });
        checks.push(...(Array.isArray(r) ? r : [r]));
      } catch (err) {
        checks.push({ id: 'probe-error', label: 'Diagnostica', status: 'fail', detail: String(err) });
      }
    }
    const failed = checks.filter((c) => c.status === 'fail').length;
    return {
      exitCode: failed > 0 ? 1 : 0,
      json: { ok: failed === 0, checks },
      human: [
        ...checks.map((c) => `${MARK[c.status]} ${c.label}: ${c.detail}`),
        failed > 0
          ? `${failed === 1 ? '1 problema da risolvere' : `${failed} problemi da risolvere`}: segui le indicazioni delle righe ✘.`
          : 'Nessun problema bloccante.',
      ],
    };
  },
};
