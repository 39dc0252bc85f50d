import { describe, expect, test } from 'vitest';
import type { CrlState } from '../../../electron/services/smartcard/crl-refresher';
import { initialRevocation, revocationOf } from '../../../electron/services/smartcard/revocation-status';

const now = new Date('2026-11-29T12:00:00Z');
const base: CrlState = {
  url: 'http://ca.example/crl',
  file: '/x.crl',
  lastOkAt: null,
  last: null,
  problem: null,
};
const got = (nextUpdate: string | null) => ({
  bytes: 100,
  revoked: 2,
  thisUpdate: new Date('2026-11-28T00:00:00Z'),
  nextUpdate: nextUpdate ? new Date(nextUpdate) : null,
});

describe('revocation status for the status bar', () => {
  test('from the configuration, before any download', () => {
    expect(initialRevocation({ enabled: true, crlUrl: null, crlFile: null }).state).toBe('off');
    expect(initialRevocation({ enabled: true, crlUrl: null, crlFile: '/c.crl' }).state).toBe('file');
    expect(initialRevocation({ enabled: true, crlUrl: 'http://a/b', crlFile: null }).state).toBe('pending');
    expect(initialRevocation({ enabled: false, crlUrl: 'http://a/b', crlFile: null }).state).toBe('off');
  });

  test('current, failed with the reason, and expired outranking a failure', () => {
    const ok = { ...base, lastOkAt: now.toISOString(), last: got('2026-12-01T00:00:00Z') };
    expect(revocationOf(ok, now)).toEqual({
      state: 'current',
      nextUpdate: '2026-12-01T00:00:00.000Z',
      problem: null,
    });
    expect(revocationOf({ ...ok, problem: 'TIMEOUT' }, now)).toEqual({
      state: 'failed',
      nextUpdate: '2026-12-01T00:00:00.000Z',
      problem: 'CRL_TIMEOUT',
    });
    const stale = { ...ok, last: got('2026-11-29T11:59:59Z'), problem: 'NETWORK' as const };
    expect(revocationOf(stale, now)).toMatchObject({ state: 'expired', problem: 'CRL_NETWORK' });
    expect(revocationOf({ ...base, problem: 'HTTP_STATUS' }, now)).toEqual({
      state: 'failed',
      nextUpdate: null,
      problem: 'CRL_HTTP_STATUS',
    });
    expect(revocationOf({ ...ok, last: got(null) }, now).state).toBe('current');
  });
});
