import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from '../../core/contract/errors';
import { describeConfigError } from '../services/config/describe-error';
import type { Desk } from '../services/desk';
import { createLogger, type Logger } from '../services/log';
import { nodePaths } from '../services/platform/node';
import { startHost } from './server';

/** The browser host's session secret (0600), beside the database. */
const HOST_SESSION_FILE = 'host-session.key';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Without a page on the socket (a host run only for its API), the desk is built this long after listening. */
const DESK_WITHOUT_PAGE_MS = 2000;

/**
 * The desk (configuration, database, services and the libraries behind them: printing, PDF, backends) is a chunk
 * of its own, built after the host listens: the browser fetches and runs the page meanwhile, on the other core.
 */
async function buildDesk(log: Logger): Promise<Desk> {
  const [{ createDesk }, { nodePlatform }] = await Promise.all([
    import('../services/desk'),
    import('../services/platform/node'),
  ]);
  return createDesk({ platform: nodePlatform(), log });
}

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
  // One thread: while the desk's modules load and its database opens, the host cannot answer a request, and the
  // page's stylesheet blocks its first paint. So the desk is built once the page has loaded and connected to the
  // socket (its calls wait for the desk meanwhile), or shortly after listening when no page comes. Then the
  // devices and background refresh start.
  let buildNow: () => void = () => {};
  const desk = new Promise<void>((resolve) => (buildNow = resolve)).then(() => buildDesk(log));
  const host = await startHost({
    desk,
    rendererDir,
    port,
    log,
    sessionFile: join(nodePaths().dataDir, HOST_SESSION_FILE),
    onFirstClient: () => buildNow(),
  });
  const buildFallback = setTimeout(buildNow, DESK_WITHOUT_PAGE_MS);
  const settled = () => clearTimeout(buildFallback);
  desk.then(settled, settled);
  // Stopped before the desk was built: nothing to close but the socket (and the desk is not built for nothing).
  let stopping = false;
  let built: Desk | null = null;
  const stop = () => {
    stopping = true;
    void host
      .close()
      .then(() => built?.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
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
  // A configuration or database the desk refuses ends the host as before (the catch below), page or not.
  const ready = await desk;
  built = ready;
  if (stopping) return;
  // Devices and background refresh (smart-card process, CRL, sync): the handlers answer meanwhile, and the
  // status bar shows each part as it comes up.
  await ready.start();
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
