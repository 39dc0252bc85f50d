import { createDesk, type Desk } from '../../../electron/services/desk';
import type { DeskConfigInput } from '../../../electron/services/config/schema';
import { testPlatform } from '../../support/desk';
import { tempDir } from '../../support/temp';

/** A real desk on a temp folder whose secret store holds `secrets` before the connectors are built. */
export function deskWith(config: DeskConfigInput, secrets: Record<string, string>, dataDir?: string) {
  const dir = dataDir ? { path: dataDir, remove: () => {} } : tempDir('sportello-pos-');
  const platform = testPlatform(dir.path, config);
  for (const [k, v] of Object.entries(secrets)) platform.secrets.set(k, v);
  const desk: Desk = createDesk({ platform });
  return {
    desk,
    dir: dir.path,
    dispose: async () => {
      await desk.close();
      dir.remove();
    },
  };
}
