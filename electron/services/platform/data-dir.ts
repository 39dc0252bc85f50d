import { posix, win32 } from 'node:path';

/** What the resolver reads: passed in, so each platform's answer is testable on any machine. */
export interface DataDirInput {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly home: string;
}

export interface ResolvedDataDir {
  readonly dir: string;
  /** 'override' when SPORTELLO_DATA_DIR set it (the administrator's choice), 'default' otherwise. */
  readonly source: 'override' | 'default';
}

/**
 * The one data folder of a desk: the Electron app, the browser host and the CLI all ask this function, so
 * `sportello doctor` and `sportello import` see the configuration and database the app uses.
 * Windows: %APPDATA%\Sportello (Electron's own userData for this product name); macOS: Application Support;
 * Linux and other Unixes: $XDG_DATA_HOME/sportello (~/.local/share/sportello): the database is data, not config.
 * The administrator overrides it machine-wide with SPORTELLO_DATA_DIR (e.g. a shared folder on a kiosk).
 */
export function resolveDataDir(input: DataDirInput): ResolvedDataDir {
  const override = input.env['SPORTELLO_DATA_DIR'];
  if (override !== undefined && override.trim() !== '') {
    const path = input.platform === 'win32' ? win32 : posix;
    return { dir: path.resolve(override), source: 'override' };
  }
  if (input.platform === 'win32') {
    const appData = nonEmpty(input.env['APPDATA']) ?? win32.join(input.home, 'AppData', 'Roaming');
    return { dir: win32.join(appData, 'Sportello'), source: 'default' };
  }
  if (input.platform === 'darwin')
    return { dir: posix.join(input.home, 'Library', 'Application Support', 'Sportello'), source: 'default' };
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = nonEmpty(input.env['XDG_DATA_HOME']);
  const base = xdg && posix.isAbsolute(xdg) ? xdg : posix.join(input.home, '.local', 'share');
  return { dir: posix.join(base, 'sportello'), source: 'default' };
}

/** The administrator's file: outside the user's folder, so a clerk cannot edit it. */
export function defaultAdminConfigFile(input: DataDirInput): string {
  if (input.platform === 'win32')
    return win32.join(nonEmpty(input.env['ProgramData']) ?? 'C:\\ProgramData', 'Sportello', 'config.json');
  return '/etc/sportello/config.json';
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}
