import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/contract/errors';
import { describeConfigError, parseConfig } from '../../electron/services/config/load';

const govpay = (baseUrl: string) => ({
  backend: {
    kind: 'govpay',
    baseUrl,
    auth: { mode: 'basic', username: 'sportello', passwordSecret: 'govpay.password' },
  },
});
const gpd = (baseUrl: string) => ({
  backend: { kind: 'gpd', baseUrl, organizationFiscalCode: '00000000000', subscriptionKeySecret: 'gpd.key' },
});
const mypay = (baseUrl: string) => ({
  backend: { kind: 'mypay', baseUrl, applicationName: 'sportello', privateKeySecret: 'mypay.key' },
});

function refusal(doc: unknown): string {
  try {
    parseConfig(doc, '/etc/sportello/config.json');
  } catch (err) {
    if (err instanceof AppError && err.code === 'CONFIG_INVALID') return describeConfigError(err);
    throw err;
  }
  return 'accepted';
}

describe('a backend that is sent a secret is reached over https (http only to this computer)', () => {
  it.each([govpay, gpd, mypay])(
    'refuses plain http to another host, keeps loopback and https (%#)',
    (make) => {
      for (const bad of [
        'http://192.168.1.10/api/',
        'http://govpay.comune.example/',
        'http://[::2]/',
        'http://127.0.0.1.evil.example/',
      ])
        expect(refusal(make(bad)), bad).toContain('https://');
      for (const ok of [
        'https://govpay.comune.example/api/',
        'http://127.0.0.1:8080/',
        'http://localhost:9/',
        'http://[::1]:8080/',
      ])
        expect(refusal(make(ok)), ok).toBe('accepted');
    },
  );

  it('refuses credentials written into the URL', () => {
    expect(refusal(govpay('https://user:secret@govpay.comune.example/'))).toContain('archivio dei segreti');
  });
});
