import { mkdirSync } from 'node:fs';
import { writePrivateFileAtomic } from '../../store/private-files';
import { dirname } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import type { ClerkSettingsPatch, SettingsView } from '../../../core/contract/domains/settings';
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
    const locked = this.loaded.locked;
    return {
      desk: this.loaded.config.desk,
      locked: locked.filter((k) => k.startsWith('desk.')),
      adminFile: locked.length > 0 ? this.sources.adminFile : null,
      lockedElsewhere: locked.filter((k) => !k.startsWith('desk.')),
    };
  }

  /** Keys of a section the administrator's file sets. */
  lockedIn(section: keyof DeskConfig): string[] {
    return this.loaded.locked.filter((k) => k === section || k.startsWith(`${section}.`));
  }

  /**
   * The clerk's change (already in the clerk's range, checked where it entered). A key the administrator's
   * file sets is refused, naming the keys and the file, and nothing is written: the merged configuration would
   * silently keep the administrator's value. The other keys of the desk's file are kept as they are.
   */
  update(patch: ClerkSettingsPatch): SettingsView {
    // The files as they are now: an administrator who locked a key since the desk started is obeyed (and
    // said) rather than overridden silently after the write.
    this.loaded = loadConfig(this.sources);
    const keys = Object.keys(patch).filter((k) => patch[k as keyof ClerkSettingsPatch] !== undefined);
    const lockedHit = keys.filter((k) => this.loaded.locked.includes(`desk.${k}`));
    if (lockedHit.length > 0)
      throw new AppError('INVALID_INPUT', {
        reason: 'LOCKED_BY_ADMIN',
        keys: lockedHit,
        file: this.sources.adminFile,
      });
    const set = Object.fromEntries(keys.map((k) => [k, patch[k as keyof ClerkSettingsPatch]]));
    this.write(deepMerge(this.loaded.userValues, { desk: set }));
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
