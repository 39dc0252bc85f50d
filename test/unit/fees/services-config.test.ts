import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../electron/services/config/schema';
import { exampleServices } from '../../support/fees';

describe('services configuration section', () => {
  it('the example catalogue of the docs is valid', () => {
    const r = configSchema.safeParse({ services: exampleServices() });
    expect(r.success && r.data.services.catalogue.map((s) => s.id)).toEqual([
      'cie',
      'certificato-bollo',
      'copie',
      'sanzione-libera',
    ]);
  });

  const base = () => structuredClone(exampleServices());
  const refused: [string, (s: ReturnType<typeof base>) => void][] = [
    ['an unknown key', (s) => ((s.catalogue![0] as Record<string, unknown>)['prezzo'] = 1)],
    ['a decimal amount', (s) => ((s.catalogue![0]!.amount as { cents: number }).cents = 22.21)],
    ['min above max', (s) => (s.catalogue![3]!.amount = { rule: 'entered', minCents: 500, maxCents: 100 })],
    [
      'fixed shares not making the fixed amount',
      (s) => (s.catalogue![0]!.govpay!.voci[1]!.share = { cents: 1 }),
    ],
    ['two rest shares', (s) => (s.catalogue![0]!.govpay!.voci[0]!.share = { rest: true })],
    [
      'a voce with neither codEntrata nor IBAN',
      (s) => {
        const v = s.catalogue![1]!.govpay!.voci[0]! as Record<string, unknown>;
        delete v['codEntrata'];
      },
    ],
    ['a repeated service id', (s) => (s.catalogue![1]!.id = 'cie')],
    ['an IUV range upside down', (s) => (s.gpd = { iuv: { segregationCode: '01', from: 10, to: 5 } })],
  ];
  it.each(refused)('refuses %s', (_name, mutate) => {
    const s = base();
    mutate(s);
    expect(configSchema.safeParse({ services: s }).success).toBe(false);
  });
});
