import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../../../core/contract/errors';
import { APP_VERSION } from '../version';
import { defaultAdminConfigFile, resolveDataDir } from './data-dir';
import type { DeskPaths, Platform, SecretStore } from './types';

/**
 * The desk's paths in every process (app, browser host, CLI). Environment variables are the administrator's
 * overrides (and the tests'); each has a per-platform default (see data-dir.ts).
 */
export function nodePaths(env: NodeJS.ProcessEnv = process.env): DeskPaths {
  const where = { platform: process.platform, env, home: homedir() };
  const dataDir = resolveDataDir(where).dir;
  return {
    dataDir,
    userConfigFile: env['SPORTELLO_CONFIG'] ?? join(dataDir, 'config.json'),
    adminConfigFile:
      env['SPORTELLO_ADMIN_CONFIG'] === ''
        ? null
        : (env['SPORTELLO_ADMIN_CONFIG'] ?? defaultAdminConfigFile(where)),
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
