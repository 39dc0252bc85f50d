import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDesk, type Desk } from '../../electron/services/desk';
import type { DeskConfigInput } from '../../electron/services/config/schema';
import { fileSecretStore } from '../../electron/services/platform/node';
import type { Platform } from '../../electron/services/platform/types';
import { tempDir } from './temp';

export interface TestDesk {
  readonly desk: Desk;
  readonly dataDir: string;
  readonly platform: Platform;
  dispose(): Promise<void>;
}

/** A real desk (real SQLite file, real services) in a temporary folder, with the given configuration. */
export function testPlatform(dataDir: string, config?: DeskConfigInput, admin?: DeskConfigInput): Platform {
  const userConfigFile = join(dataDir, 'config.json');
  if (config) writeFileSync(userConfigFile, JSON.stringify(config));
  let adminConfigFile: string | null = null;
  if (admin) {
    adminConfigFile = join(dataDir, 'admin-config.json');
    writeFileSync(adminConfigFile, JSON.stringify(admin));
  }
  return {
    paths: { dataDir, userConfigFile, adminConfigFile },
    secrets: fileSecretStore(join(dataDir, 'secrets.json')),
    appVersion: '0.0.0-test',
  };
}

export function createTestDesk(
  options: { config?: DeskConfigInput; admin?: DeskConfigInput; now?: () => Date } = {},
): TestDesk {
  const dir = tempDir();
  const platform = testPlatform(dir.path, options.config, options.admin);
  const desk = createDesk(options.now ? { platform, now: options.now } : { platform });
  return {
    desk,
    dataDir: dir.path,
    platform,
    dispose: async () => {
      await desk.close();
      dir.remove();
    },
  };
}
