import { mkdirSync } from 'node:fs';
import { writePrivateFileAtomic } from '../../store/private-files';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import type { DeskSettings, SettingsView } from '../../../core/contract/domains/settings';
import { deepMerge, loadConfig, parseConfig, type ConfigSources, type LoadedConfig } from '../config/load';
import type { DeskConfig } from '../config/schema';

type Json = Record<string, unknown>;

/** Clerk-editable settings, written back to the desk's own config file; the administrator's keys stay locked. */
export class SettingsService {
  constructor(
    private loaded: LoadedConfig,
    private readonly sources: ConfigSources,
  ) {}

  /** The configuration in force: the one source every service reads settings from after a change. */
  get config(): DeskConfig {
    return this.loaded.config;
  }

  view(): SettingsView {
    return { desk: this.loaded.config.desk, locked: this.loaded.locked.filter((k) => k.startsWith('desk.')) };
  }

  /** Keys of a section the administrator's file sets. */
  lockedIn(section: keyof DeskConfig): string[] {
    return this.loaded.locked.filter((k) => k === section || k.startsWith(`${section}.`));
  }

  update(patch: Partial<DeskSettings>): SettingsView {
    const lockedHit = Object.keys(patch).filter((k) => this.loaded.locked.includes(`desk.${k}`));
    if (lockedHit.length > 0)
      throw new AppError('INVALID_INPUT', { reason: 'LOCKED_BY_ADMIN', keys: lockedHit });
    this.write(deepMerge(this.loaded.userValues, { desk: patch }));
    return this.view();
  }

  /**
   * Replaces one whole section of the desk's file with what `change` makes of the file's current value
   * (undefined when the file does not set it). Refused when the administrator's file sets any key of the
   * section: the merged configuration would silently ignore the clerk's change.
   */
  updateSection<K extends keyof DeskConfig>(section: K, change: (current: unknown) => unknown): DeskConfig {
    const locked = this.lockedIn(section);
    if (locked.length > 0) throw new AppError('INVALID_INPUT', { reason: 'LOCKED_BY_ADMIN', keys: locked });
    this.write({ ...this.loaded.userValues, [section]: change(this.loaded.userValues[section]) });
    return this.loaded.config;
  }

  /** Validates alone and merged with the administrator's file, then writes atomically and reloads. */
  private write(next: Json): void {
    parseConfig(next, this.sources.userFile);
    parseConfig(
      deepMerge(next, this.loaded.adminValues ?? {}),
      this.sources.adminFile ?? this.sources.userFile,
    );
    mkdirSync(dirname(this.sources.userFile), { recursive: true });
    // Write then rename: a crash mid-write leaves the previous file, never half of the new one; a full disk
    // leaves no temporary file and answers DISK_FULL.
    writePrivateFileAtomic(this.sources.userFile, JSON.stringify(next, null, 2) + '\n');
    this.loaded = loadConfig(this.sources);
  }
}
