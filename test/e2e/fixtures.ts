import { test as base, expect } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';

/** Every test gets its own real browser host (fresh data folder, demo configuration unless told otherwise). */
export const test = base.extend<{ hostConfig: unknown; hostEnv: Record<string, string>; host: HostProcess }>({
  hostConfig: [undefined, { option: true }],
  hostEnv: [{}, { option: true }],
  host: async ({ hostConfig, hostEnv }, use) => {
    const host = await startHostProcess({ config: hostConfig, env: hostEnv });
    await use(host);
    await host.stop();
  },
});

export { expect };

export const ARTIFACTS = 'artifacts/e2e';
