import { hostname } from 'node:os';
import { join } from 'node:path';
import { createApi, type SportelloApi } from '../../core/contract/client';
import { auditStatus, openAuditLog } from './audit/open-audit';
import { retentionPart } from './retention/personal-data';
import { loadConfig, type LoadedConfig } from './config/load';
import { dispatch, type CallContext, type Handlers } from './dispatch';
import { auditSettingsRefused } from './settings/settings-refused';
import { DeskEvents } from './events';
import { createHandlers } from './handlers';
import { IdentityService } from './identity/identity-service';
import { Lifecycle } from './lifecycle';
import { OperatorService } from './operators/operator-service';
import { OperatorsRepo } from '../store/operators/operators-repo';
import { applyFileOperators } from './operators/file-operators';
import { silentLogger, type Logger } from './log';
import type { Platform } from './platform/types';
import type { DeskServices } from './services';
import { SettingsService } from './settings/settings-service';
import { forkDeviceProcess, type DeviceProcessFactory } from './smartcard/device-process';
import { initialRevocation } from './smartcard/revocation-status';
import { CardListingMemory } from './smartcard/card-listings';
import { SmartcardService } from './smartcard/smartcard-service';
import { birthplaceResolver } from './fiscal/birthplaces';
import { warmPrinting, warmUpPart } from './warm-up';
import { StatusBoard } from './status-board';
import { readMeta, writeMeta } from '../store/app-meta';
import { openDatabase, schemaVersion } from '../store/database';
import { createPositionsParts } from './positions/setup';
import { PrintingService, positionsOptionSource } from './printing/printing-service';
import { PrinterSettings } from './printing/printer-settings';
import { FeeService } from './fees/fee-service';

export interface DeskOptions {
  readonly platform: Platform;
  readonly log?: Logger;
  readonly now?: () => Date;
  /** How the smart-card device process is started: a Node fork unless the Electron shell passes its own. */
  readonly deviceProcess?: DeviceProcessFactory;
}

export interface Desk {
  readonly services: DeskServices;
  readonly handlers: Handlers;
  readonly events: DeskEvents;
  call(method: unknown, payload: unknown, ctx?: CallContext): ReturnType<typeof dispatch>;
  /** The typed client over direct calls: what the CLI and the tests use. */
  readonly api: SportelloApi;
  /** Starts background parts (device processes, refresh); the handlers work before and without it. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export const DB_FILE = 'sportello.sqlite';

/** The host name, cut to what a desk id may hold; "sportello" when the machine has none usable. */
function deskIdFromHost(): string {
  const h = hostname()
    .replace(/[^A-Za-z0-9._-]/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 63);
  return h || 'sportello';
}

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
      secrets: { kind: platform.secrets.kind, weak: platform.secrets.weak ?? null },
    },
    {
      reader: { state: config.smartcard.enabled ? 'no-module' : 'disabled', detail: null },
      revocation: initialRevocation(config.smartcard),
      printer: { state: config.printers.default ? 'unknown' : 'preview', name: config.printers.default },
      backend: {
        connector: config.backend.kind,
        state: config.backend.kind === 'demo' ? 'demo' : 'unknown',
        dataAsOf: null,
      },
      audit: { state: 'unchecked', problem: null },
    },
    events,
  );
  const audit = openAuditLog(db, platform.secrets, platform.paths.dataDir, now);
  // Bounded work at start whatever the log's length; a broken chain is an error in the status bar.
  status.set('audit', auditStatus(audit));
  const identity = new IdentityService(events, audit, now);
  const operatorsRepo = new OperatorsRepo(db);
  if (config.operators)
    applyFileOperators(config.operators, {
      repo: operatorsRepo,
      audit,
      now,
      log,
      file: platform.paths.adminConfigFile,
    });
  const operators: OperatorService = new OperatorService({
    repo: operatorsRepo,
    audit,
    events,
    now,
    deskId: config.deskId ?? deskIdFromHost(),
    demo: config.backend.kind === 'demo',
    endCitizen: () => identity.set(null),
    // The smart card service is built below; the PIN is asked only once a card is in.
    verifyCardPin: (cf: string, pin: string): Promise<void> => smartcard.verifyOperatorPin(cf, pin),
  });
  audit.setContext(() => ({
    operator: operators.auditOperator(),
    deskId: operators.deskId,
    citizenSession: identity.sessionId(),
  }));
  const settings = new SettingsService(loaded, sources);
  const smartcard: SmartcardService = new SmartcardService({
    config: config.smartcard,
    identity,
    status,
    events,
    audit,
    log,
    now,
    spawn:
      options.deviceProcess ?? (() => forkDeviceProcess((l) => log.warn('smartcard stderr', { line: l }))),
    onCardRemoved: () => settings.view().desk.onCardRemoved,
    operatorCards: {
      isOperator: (cf: string): boolean => operators.isOperator(cf),
      seen: (cf: string, present: boolean): void => operators.cardSeen(cf, present),
    },
    birthplaces: birthplaceResolver,
    listings: new CardListingMemory(
      { read: (key) => readMeta(db, key), write: (key, value) => writeMeta(db, key, value) },
      log,
    ),
    dataDir: platform.paths.dataDir,
  });
  const positionsParts = createPositionsParts({
    db,
    backend: config.backend,
    secrets: platform.secrets,
    events,
    status,
    log,
    now,
    retentionDays: config.retentionDays,
  });
  const printing = new PrintingService({
    db,
    events,
    status,
    audit,
    printers: () => settings.config.printers,
    options: positionsOptionSource(positionsParts.positions),
    now,
    log,
    dataDir: platform.paths.dataDir,
    demo: config.backend.kind === 'demo',
    language: () => settings.view().desk.locale,
  });
  const fees = new FeeService({
    db,
    backend: config.backend,
    services: config.services,
    secrets: platform.secrets,
    positions: positionsParts.positions,
    audit,
    log,
    now,
  });
  const services: DeskServices = {
    // Read through the settings service: the configuration in force after a clerk's change.
    get config() {
      return settings.config;
    },
    platform,
    db,
    events,
    status,
    audit,
    identity,
    operators,
    settings,
    smartcard,
    positions: positionsParts.positions,
    sync: positionsParts.sync,
    printing,
    printerSettings: new PrinterSettings({ settings, printing, audit }),
    fees,
    lifecycle: new Lifecycle(),
    log,
    now,
  };
  services.lifecycle.add(smartcard);
  positionsParts.startables.forEach((p) => services.lifecycle.add(p));
  services.lifecycle.add(
    retentionPart({
      db,
      audit,
      dataDir: platform.paths.dataDir,
      now,
      retentionDays: config.retentionDays,
      log,
    }),
  );
  // Last, so it runs once the devices are up.
  services.lifecycle.add(warmUpPart([() => birthplaceResolver(), warmPrinting], log));
  const handlers = createHandlers(services);
  const call: Desk['call'] = async (method, payload, ctx = { transport: 'direct' }) => {
    const r = await dispatch(handlers, method, payload, ctx, log);
    // A refused settings change (locked key, out of range) is audited, as the accepted one is by its handler.
    if (method === 'settings.update' && !r.ok) auditSettingsRefused(audit, log, r.error);
    return r;
  };
  let closing: Promise<void> | null = null;
  return {
    services,
    handlers,
    events,
    call,
    api: createApi({ invoke: (m, i) => call(m, i), subscribe: (e, l) => events.on(e, l) }),
    start: () =>
      services.lifecycle.start((name, err) =>
        log.error('part failed to start', { part: name, error: String(err) }),
      ),
    // Once: a second call (a test's clean-up after its own close) waits for the first.
    close: () =>
      (closing ??= (async () => {
        await services.lifecycle.stop((name, err) =>
          log.error('part failed to stop', { part: name, error: String(err) }),
        );
        db.close();
      })()),
  };
}
