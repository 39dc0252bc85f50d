/**
 * What differs between the Electron app and plain Node (browser host, CLI, tests). The app's adapter lives in
 * electron/main (it imports `electron`); the Node one beside this file.
 */
export interface DeskPaths {
  /** Where the database and the print previews live. */
  readonly dataDir: string;
  /** The desk's own config file. */
  readonly userConfigFile: string;
  /** The administrator's file, or null where none is expected. */
  readonly adminConfigFile: string | null;
}

/** Backend keys, passwords, private keys: never in the JSON config. */
export interface SecretStore {
  get(name: string): string | null;
  set(name: string, value: string): void;
  readonly kind: string;
  /** Why the store protects nothing (Electron's `basic_text` on Linux), or null/absent when it does. */
  readonly weak?: string | null;
}

export interface Platform {
  readonly paths: DeskPaths;
  readonly secrets: SecretStore;
  readonly appVersion: string;
}
