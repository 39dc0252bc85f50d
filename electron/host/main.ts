import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../core/contract/errors';
import { describeConfigError } from '../services/config/load';
import { createDesk } from '../services/desk';
import { createLogger } from '../services/log';
import { nodePlatform } from '../services/platform/node';
import { startHost } from './server';

/** The browser host's session secret (0600), beside the database. */
const HOST_SESSION_FILE = 'host-session.key';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `npm run start:browser`: the desk in plain Node, its UI for any Chromium on this machine. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string', default: '5170' }, json: { type: 'boolean', default: false } },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`porta non valida: ${values.port}`);
  const rendererDir = join(root, 'dist', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error('interfaccia non compilata: esegui prima "npm run build:renderer"');
  }
  const log = createLogger();
  const desk = createDesk({ platform: nodePlatform(), log });
  const platform = desk.services.platform;
  const host = await startHost({
    desk,
    rendererDir,
    port,
    log,
    sessionFile: join(platform.paths.dataDir, HOST_SESSION_FILE),
  });
  if (values.json) {
    process.stdout.write(
      JSON.stringify({ url: host.url, port: host.port, displayUrl: host.displayUrl }) + '\n',
    );
  } else {
    process.stdout.write(`Sportello (browser host) in ascolto: ${host.url}\n`);
    process.stdout.write('Apri questo indirizzo in Chromium su questa macchina. Ctrl+C per chiudere.\n');
    process.stdout.write(
      `Schermo per il cittadino (secondo monitor, solo visualizzazione): ${host.displayUrl}\n`,
    );
  }
  // Devices and background refresh start after the page can load: the handlers answer meanwhile, and the
  // status bar shows each part as it comes up.
  await desk.start();
  const stop = () => {
    void host
      .close()
      .then(() => desk.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const code = (err as { code?: unknown; port?: unknown } | null)?.code;
  const msg =
    err instanceof AppError && err.code === 'CONFIG_INVALID'
      ? describeConfigError(err)
      : code === 'EADDRINUSE'
        ? `la porta ${String((err as { port?: unknown }).port ?? '')} è già in uso (forse lo sportello è già aperto): chiudi l’altro programma o scegli un’altra porta con --port <numero>`
        : err instanceof Error
          ? err.message
          : String(err);
  process.stderr.write(`sportello host: ${msg}\n`);
  process.exit(1);
});
