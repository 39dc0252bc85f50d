import { describe, expect, it } from 'vitest';
import { createApi, type Transport } from '../../../core/contract/client';
import { eventNames, methodNames } from '../../../core/contract';

describe('createApi', () => {
  const calls: [string, unknown][] = [];
  const subs: string[] = [];
  const transport: Transport = {
    invoke: async (m, i) => {
      calls.push([m, i]);
      return { ok: true, value: null } as never;
    },
    subscribe: (e) => {
      subs.push(e);
      return () => {};
    },
  };
  const api = createApi(transport) as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>;

  it('exposes one namespace per domain with one function per method', async () => {
    for (const name of methodNames) {
      const [domain, action] = name.split('.') as [string, string];
      expect(typeof api[domain]?.[action]).toBe('function');
      await api[domain]![action]!({ probe: name });
      expect(calls.at(-1)).toEqual([name, { probe: name }]);
    }
  });

  it('exposes events as on<Name> per domain, and nothing generic', () => {
    for (const name of eventNames) {
      const [domain, action] = name.split('.') as [string, string];
      const key = `on${action[0]!.toUpperCase()}${action.slice(1)}`;
      api[domain]![key]!(() => {});
      expect(subs.at(-1)).toBe(name);
    }
    for (const forbidden of ['invoke', 'send', 'on', 'subscribe']) expect(api[forbidden]).toBeUndefined();
    expect(Object.isFrozen(api)).toBe(true);
  });
});
