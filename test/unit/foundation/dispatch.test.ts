import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract/errors';
import { dispatch, type Handlers } from '../../../electron/services/dispatch';
import type { Logger } from '../../../electron/services/log';

const logged: string[] = [];
const log: Logger = { info: () => {}, warn: () => {}, error: (m) => logged.push(m) };

/** Handlers built to fail in each way the dispatcher must contain. */
function handlersWith(fn: () => unknown): Handlers {
  return new Proxy({} as Handlers, { get: () => fn });
}

describe('dispatch', () => {
  it('turns an AppError into its typed value', async () => {
    const h = handlersWith(() => {
      throw new AppError('PRINTER_UNREACHABLE', { reason: 'ECONNREFUSED' });
    });
    const r = await dispatch(h, 'system.status', {}, { transport: 'direct' }, log);
    expect(r).toEqual({
      ok: false,
      error: { code: 'PRINTER_UNREACHABLE', details: { reason: 'ECONNREFUSED' } },
    });
  });

  it('hides an unexpected exception behind INTERNAL and logs it', async () => {
    const h = handlersWith(() => {
      throw new TypeError('secret stack detail');
    });
    const r = await dispatch(h, 'system.status', undefined, { transport: 'direct' }, log);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r)).not.toContain('secret');
    expect(logged).toContain('handler failed');
  });

  it('refuses to hand out a value that breaks the output schema', async () => {
    const h = handlersWith(() => ({ version: 1 }));
    const r = await dispatch(h, 'system.status', {}, { transport: 'direct' }, log);
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL' } });
    expect(logged).toContain('contract output rejected');
  });

  it('rejects unknown keys in a strict payload before the handler runs', async () => {
    let ran = false;
    const h = handlersWith(() => {
      ran = true;
      return null;
    });
    const r = await dispatch(h, 'identity.clear', { extra: 1 }, { transport: 'direct' }, log);
    expect(r.ok).toBe(false);
    expect(ran).toBe(false);
  });
});
