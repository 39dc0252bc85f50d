import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import type { DeskSettings, SettingsView } from '../../../core/contract/domains/settings';
import { deepMerge, loadConfig, parseConfig, type ConfigSources, type LoadedConfig } from '../config/load';

/** Clerk-editable settings, written back to the desk's own config file; the administrator's keys stay locked. */
export class SettingsService {
  constructor(
    private loaded: LoadedConfig,
    private readonly sources: ConfigSources,
  ) {}

  view(): SettingsView {
    return { desk: this.loaded.config.desk, locked: this.loaded.locked.filter((k) => k.startsWith('desk.')) };
  }

  update(patch: Partial<DeskSettings>): SettingsView {
    const lockedHit = Object.keys(patch).filter((k) => this.loaded.locked.includes(`desk.${k}`));
    if (lockedHit.length > 0)
      throw new AppError('INVALID_INPUT', { reason: 'LOCKED_BY_ADMIN', keys: lockedHit });
    const next = deepMerge(this.loaded.userValues, { desk: patch });
    parseConfig(next, this.sources.userFile);
    mkdirSync(dirname(this.sources.userFile), { recursive: true });
    // Write then rename: a crash mid-write leaves the previous file, never half of the new one.
    const tmp = `${this.sources.userFile}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(next, null, 2) + '\n');
    renameSync(tmp, this.sources.userFile);
    this.loaded = loadConfig(this.sources);
    return this.view();
  }
}
