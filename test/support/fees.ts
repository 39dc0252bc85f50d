import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeskConfigInput } from '../../electron/services/config/schema';
import { deskWith } from '../integration/positions/desk-helpers';
import { GOVPAY_BASE } from './fake-backends/govpay';
import { fakeGovPayFees } from './fake-backends/govpay-fees';
import { fakeGpdFees } from './fake-backends/gpd-fees';

/** The catalogue the docs show: the tests create from it, so the example cannot rot. */
export function exampleServices(): NonNullable<DeskConfigInput['services']> {
  return JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../docs/examples/services.example.json', import.meta.url)),
      'utf8',
    ),
  );
}

export const EC = '01199250158';
export const EC_NAME = 'Comune di Abbiategrasso';

/** A desk on a fake GovPay that can create (the example catalogue, idA2A SPORTELLO). */
export async function govpayFeeDesk(
  backend: Record<string, unknown> = {},
  dataDir?: string,
  extra: Partial<DeskConfigInput> = {},
) {
  const fake = fakeGovPayFees({
    username: 'desk',
    password: 'pw',
    domini: [{ idDominio: EC, ragioneSociale: EC_NAME }],
    tipiPendenza: ['CIE', 'DIRITTI', 'COPIE'],
  });
  await fake.server.start();
  const t = deskWith(
    {
      backend: {
        kind: 'govpay',
        baseUrl: `${fake.server.url}${GOVPAY_BASE}`,
        auth: { mode: 'basic', username: 'desk', passwordSecret: 'gp.pw' },
        idDominio: EC,
        timeoutMs: 500,
        retries: 1,
        ...backend,
      } as DeskConfigInput['backend'],
      services: exampleServices(),
      ...extra,
    },
    { 'gp.pw': 'pw' },
    dataDir,
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

/** A desk on a fake GPD, with its own IUV range. */
export async function gpdFeeDesk(
  range: { from: number; to: number },
  opts: {
    dataDir?: string;
    fake?: ReturnType<typeof fakeGpdFees>;
    deskCode?: string;
    timeoutMs?: number;
  } = {},
) {
  const fake = opts.fake ?? fakeGpdFees({ organizationFiscalCode: EC, subscriptionKey: 'sub-key' });
  if (!opts.fake) await fake.server.start();
  const services = exampleServices();
  const t = deskWith(
    {
      backend: {
        kind: 'gpd',
        baseUrl: fake.server.url,
        organizationFiscalCode: EC,
        subscriptionKeySecret: 'gpd.key',
        syncEveryMinutes: 0,
        timeoutMs: opts.timeoutMs ?? 500,
        retries: 1,
      },
      services: {
        ...services,
        deskCode: opts.deskCode ?? 'D1',
        gpd: { iuv: { segregationCode: '01', ...range } },
      },
    },
    { 'gpd.key': 'sub-key' },
    opts.dataDir,
  );
  return {
    ...t,
    fake,
    dispose: async () => {
      await t.dispose();
      if (!opts.fake) await fake.server.stop();
    },
  };
}
