import { AppError } from '../../../core/contract/errors';
import type { Db } from '../../store/database';
import { PositionsRepo } from '../../store/positions/positions-repo';
import type { BackendConfig } from '../config/sections/backend';
import type { DeskEvents } from '../events';
import type { Startable } from '../lifecycle';
import type { Logger } from '../log';
import type { SecretStore } from '../platform/types';
import type { StatusBoard } from '../status-board';
import { seedDemo } from '../demo/seed';
import { SyncService } from '../sync/sync-service';
import { buildConnectors, type BuiltConnectors } from './connectors';
import { PositionsService } from './positions-service';

export interface PositionsParts {
  readonly positions: PositionsService;
  readonly sync: SyncService;
  /** Background parts for the desk's lifecycle: cache upkeep (purge, demo seed), then the sync. */
  readonly startables: readonly Startable[];
}

/**
 * Builds the positions side of the desk from the backend configuration: connector (secrets read here), cache
 * repository, positions service, sync service, demo seed, retention purge. A connector that cannot be built
 * (a missing secret) does not stop the desk: the cache still answers and the status says what is wrong.
 */
export function createPositionsParts(deps: {
  db: Db;
  backend: BackendConfig;
  secrets: SecretStore;
  events: DeskEvents;
  status: StatusBoard;
  log: Logger;
  now: () => Date;
  retentionDays: number;
}): PositionsParts {
  const repo = new PositionsRepo(deps.db);
  let built: BuiltConnectors = { live: null, sync: null, policy: { timeoutMs: 3000, retries: 0 } };
  let setupError: AppError | null = null;
  try {
    built = buildConnectors(deps.backend, deps.secrets);
  } catch (err) {
    setupError = err instanceof AppError ? err : new AppError('CONFIG_INVALID', { reason: 'CONNECTOR' });
    deps.log.error('backend connector not built', {
      kind: deps.backend.kind,
      reason: setupError.details?.['reason'],
    });
  }
  const connector = deps.backend.kind;
  let positions: PositionsService | null = null;
  const sync = new SyncService({
    repo,
    connector,
    sync: built.sync,
    policy: built.policy,
    events: deps.events,
    log: deps.log,
    now: deps.now,
    everyMinutes: deps.backend.kind === 'gpd' ? deps.backend.syncEveryMinutes : 0,
    fullEveryHours: deps.backend.kind === 'gpd' ? deps.backend.fullSyncEveryHours : 0,
    onOutcome: (at, error) => {
      if (error) positions?.noteFailure(error);
      else positions?.noteData(at, 'online', null);
    },
  });
  positions = new PositionsService({
    repo,
    connector,
    live: built.live,
    policy: built.policy,
    setupError,
    events: deps.events,
    status: deps.status,
    log: deps.log,
    now: deps.now,
    retentionDays: deps.retentionDays,
    cacheDataAsOf: () => (connector === 'gpd' ? sync.lastCompletedAt() : null),
    // A GPD pass that refused items may have refused this citizen's: every answer from its cache says so.
    cachePartial: () => (connector === 'gpd' ? sync.state().partial : null),
    ...(connector === 'demo' ? { seed: () => seedDemo(repo, deps.now()) } : {}),
  });
  const p = positions;
  const cache: Startable = {
    name: 'positions-cache',
    start: () => {
      const { purged } = p.upkeep();
      if (purged.positions > 0) deps.log.info('retention purge', purged);
    },
    stop: () => {},
  };
  return { positions: p, sync, startables: [cache, sync] };
}
