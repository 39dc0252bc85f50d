import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames, methods } from '../../../core/contract';
import { createTestDesk, type TestDesk } from '../../support/desk';

let t: TestDesk;
beforeAll(() => {
  t = createTestDesk();
});
afterAll(async () => {
  await t.dispose();
});

describe('every contract method, called through the real dispatcher', () => {
  it('rejects an unknown method name with INVALID_INPUT', async () => {
    for (const name of ['nope', 'system.statuz', '__proto__', 'constructor', 'toString', 42, null]) {
      const r = await t.desk.call(name, {});
      expect(r).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason: 'UNKNOWN_METHOD' } },
      });
    }
  });

  it.each(methodNames)(
    '%s rejects malformed payloads with INVALID_INPUT, never an exception',
    async (name) => {
      const schema = methods[name].input;
      const malformed = fc.oneof(
        fc.anything(),
        fc.dictionary(fc.string(), fc.anything()),
        fc.constant({ unexpected: true }),
        fc.constant('x'.repeat(10_000)),
      );
      await fc.assert(
        fc.asyncProperty(malformed, async (payload) => {
          fc.pre(!schema.safeParse(payload).success);
          const r = await t.desk.call(name, payload);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error.code).toBe('INVALID_INPUT');
            expect(r.error.details?.['reason']).toBe('SCHEMA');
          }
        }),
        { numRuns: 40 },
      );
    },
  );

  it('answers a valid call with a value that satisfies the output schema', async () => {
    const r = await t.desk.call('fiscalCode.decode', { code: 'RSSMRA80A01H501U' });
    expect(r.ok).toBe(true);
    if (r.ok) expect(methods['fiscalCode.decode'].output.safeParse(r.value).success).toBe(true);
  });

  it('turns a rule violation into INVALID_INPUT with the rule that failed', async () => {
    const r = await t.desk.call('fiscalCode.decode', { code: 'RSSMRA80A01H501X' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: { field: 'fiscalCode', reason: 'CHECK_CHARACTER', expected: 'U', found: 'X' },
      },
    });
  });
});
