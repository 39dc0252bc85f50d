import { createDesk, type Desk } from '../../../electron/services/desk';
import type { DeskConfigInput } from '../../../electron/services/config/schema';
import { testPlatform } from '../../support/desk';
import { fakeGovPay, GOVPAY_BASE, type FakePendenza } from '../../support/fake-backends/govpay';
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

/**
 * A desk on the GovPay connector (HTTP Basic) in front of a fresh fake GovPay holding `pendenze`; `backend`
 * overrides the connector settings (page size, timeout, retries).
 */
export async function govpayDesk(pendenze: FakePendenza[], backend: Record<string, unknown> = {}) {
  const fake = fakeGovPay({ username: 'desk', password: 'pw', pendenze });
  await fake.server.start();
  const t = deskWith(
    {
      backend: {
        kind: 'govpay',
        baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
        auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
        ...backend,
      } as DeskConfigInput['backend'],
    },
    { 'gp.pw': 'pw' },
  );
  return {
    ...t,
    fake,
    dispose: async () => {
      await t.dispose();
      await fake.server.stop();
    },
  };
}
