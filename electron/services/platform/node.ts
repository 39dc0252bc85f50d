import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { APP_VERSION } from '../version';
import type { DeskPaths, Platform, SecretStore } from './types';

function defaultDataDir(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32')
    return join(env['APPDATA'] ?? join(homedir(), 'AppData', 'Roaming'), 'Sportello');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Sportello');
  return join(env['XDG_DATA_HOME'] ?? join(homedir(), '.local', 'share'), 'sportello');
}

function defaultAdminFile(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32')
    return join(env['ProgramData'] ?? 'C:\\ProgramData', 'Sportello', 'config.json');
  return '/etc/sportello/config.json';
}

/** Environment variables exist for tests and for kiosk deployments; each has a sensible default. */
export function nodePaths(env: NodeJS.ProcessEnv = process.env): DeskPaths {
  const dataDir = env['SPORTELLO_DATA_DIR'] ?? defaultDataDir(env);
  return {
    dataDir,
    userConfigFile: env['SPORTELLO_CONFIG'] ?? join(dataDir, 'config.json'),
    adminConfigFile:
      env['SPORTELLO_ADMIN_CONFIG'] === '' ? null : (env['SPORTELLO_ADMIN_CONFIG'] ?? defaultAdminFile(env)),
  };
}

/**
 * A JSON file readable only by its owner. Outside Electron there is no OS keychain binding we can rely on;
 * a file that others can read is refused rather than used.
 */
export function fileSecretStore(file: string): SecretStore {
  const read = (): Record<string, string> => {
    if (!existsSync(file)) return {};
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      throw new AppError('CONFIG_INVALID', { reason: 'SECRETS_PERMISSIONS', file });
    }
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new AppError('CONFIG_INVALID', { reason: 'NOT_AN_OBJECT', file });
    }
    return parsed as Record<string, string>;
  };
  return {
    kind: 'file-0600',
    get: (name) => {
      const v = read()[name];
      return typeof v === 'string' ? v : null;
    },
    set: (name, value) => {
      const all = { ...read(), [name]: value };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
      chmodSync(file, 0o600);
    },
  };
}

export function nodePlatform(env: NodeJS.ProcessEnv = process.env): Platform {
  const paths = nodePaths(env);
  return {
    paths,
    secrets: fileSecretStore(env['SPORTELLO_SECRETS'] ?? join(paths.dataDir, 'secrets.json')),
    appVersion: APP_VERSION,
  };
}
