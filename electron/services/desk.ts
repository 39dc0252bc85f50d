import { join } from 'node:path';
import { AuditLog } from './audit/audit-log';
import { loadConfig, type LoadedConfig } from './config/load';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { DeskEvents } from './events';
import { createHandlers } from './handlers';
import { IdentityService } from './identity/identity-service';
import { Lifecycle } from './lifecycle';
import { silentLogger, type Logger } from './log';
import type { Platform } from './platform/types';
import type { DeskServices } from './services';
import { SettingsService } from './settings/settings-service';
import { StatusBoard } from './status-board';
import { openDatabase, schemaVersion } from '../store/database';

export interface DeskOptions {
  readonly platform: Platform;
  readonly log?: Logger;
  readonly now?: () => Date;
}

export interface Desk {
  readonly services: DeskServices;
  readonly handlers: Handlers;
  readonly events: DeskEvents;
  call(method: unknown, payload: unknown, ctx?: CallContext): ReturnType<typeof dispatch>;
  /** Starts background parts (device processes, refresh); the handlers work before and without it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const DB_FILE = 'sportello.sqlite';

/**
 * Builds the desk: configuration, database, services, handler map. The Electron main process, the browser host,
 * the CLI and the tests all start here, so they cannot drift apart.
 */
export function createDesk(options: DeskOptions): Desk {
  const { platform } = options;
  const log = options.log ?? silentLogger;
  const now = options.now ?? (() => new Date());
  const sources = { userFile: platform.paths.userConfigFile, adminFile: platform.paths.adminConfigFile };
  const loaded: LoadedConfig = loadConfig(sources);
  const dbPath = join(platform.paths.dataDir, DB_FILE);
  const db = openDatabase(dbPath);
  const events = new DeskEvents();
  const config = loaded.config;
  const status = new StatusBoard(
    {
      version: platform.appVersion,
      mode: config.backend.kind === 'demo' ? 'demo' : 'live',
      database: { path: dbPath, schemaVersion: schemaVersion(db) },
    },
    {
      reader: { state: config.smartcard.enabled ? 'no-module' : 'disabled', detail: null },
      printer: { state: config.printers.default ? 'unknown' : 'preview', name: config.printers.default },
      backend: {
        connector: config.backend.kind,
        state: config.backend.kind === 'demo' ? 'demo' : 'unknown',
        dataAsOf: null,
      },
    },
    events,
  );
  const audit = new AuditLog(db, now);
  const services: DeskServices = {
    config,
    platform,
    db,
    events,
    status,
    audit,
    identity: new IdentityService(events, audit, now),
    settings: new SettingsService(loaded, sources),
    lifecycle: new Lifecycle(),
    log,
    now,
  };
  const handlers = createHandlers(services);
  return {
    services,
    handlers,
    events,
    call: (method, payload, ctx = { transport: 'direct' }) => dispatch(handlers, method, payload, ctx, log),
    start: () => services.lifecycle.start((name, err) => log.error('part failed to start', { part: name, error: String(err) })),
    close: async () => {
      await services.lifecycle.stop((name, err) => log.error('part failed to stop', { part: name, error: String(err) }));
      db.close();
    },
  };
}
