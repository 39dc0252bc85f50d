import { describe, expect, it } from 'vitest';
import { ERROR_CODES, methodNames } from '../../core/contract';
import { createTestDesk } from '../support/desk';
import { mutate, rng } from './fuzz';

/** A valid payload per method, for the mutations to start from; methods without input start from nothing. */
const SEEDS: Record<string, unknown> = {
  'settings.update': { desk: { locale: 'en', idleClearSeconds: 60 } },
  'printers.save': {
    printer: {
      id: 'banco',
      name: 'Banco',
      family: 'epson',
      width: 80,
      interface: 'tcp://127.0.0.1:9',
      timeoutMs: 500,
    },
  },
  'printers.remove': { id: 'banco' },
  'printers.setDefault': { id: null },
  'identity.fromFiscalCode': { code: 'RSSMRA80A01H501U' },
  'identity.verifyPin': { pin: '12345678' },
  'notices.preview': { optionIds: ['opt-1'] },
  'notices.print': { optionIds: ['opt-1'], idempotency: 'fuzz-key-0001' },
  'notices.retry': { jobId: 1 },
  'notices.jobs': { limit: 5 },
  'notices.pdf': { optionIds: ['opt-1'] },
  'printers.test': {},
  'printers.status': {},
  'fiscalCode.decode': { code: 'RSSMRA80A01H501U' },
  'noticeNumber.parse': { nav: '301000000000012373' },
  'positions.list': { fiscalCode: 'RSSMRA80A01H501U' },
  'positions.refresh': { fiscalCode: 'RSSMRA80A01H501U' },
  'positions.byNotice': { nav: '301000000000012373' },
  'sync.run': {},
  'sync.status': {},
  'backend.status': {},
};

const CASES = 10_000;

describe('every contract method against mutated payloads', () => {
  it(`answers ${CASES} mutated calls with a value or a typed error, never INTERNAL, never a throw`, async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello fuzz' } });
    const r = rng(0x5eed16);
    const known = new Set<string>(ERROR_CODES);
    const tally: Record<string, number> = {};
    const bad: unknown[] = [];
    for (let i = 0; i < CASES; i++) {
      const method = methodNames[i % methodNames.length]!;
      const payload = mutate(r, SEEDS[method]);
      let answer: Awaited<ReturnType<typeof t.desk.call>>;
      try {
        answer = await t.desk.call(method, payload, { transport: 'websocket' });
      } catch (err) {
        bad.push({ i, method, thrown: String(err) });
        continue;
      }
      const key = answer.ok ? 'ok' : answer.error.code;
      tally[key] = (tally[key] ?? 0) + 1;
      if (!answer.ok && (!known.has(answer.error.code) || answer.error.code === 'INTERNAL'))
        bad.push({ i, method, payload: JSON.stringify(payload)?.slice(0, 200), error: answer.error });
    }
    // Also unknown method names and non-string ones.
    for (const method of ['', 'system', 'system.status.x', '__proto__', 'constructor', 42, null, {}]) {
      const answer = await t.desk.call(method, {}, { transport: 'websocket' });
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    console.log(`contract fuzz: ${CASES} cases over ${methodNames.length} methods`, JSON.stringify(tally));
    expect(bad).toEqual([]);
    expect(Object.values(tally).reduce((a, b) => a + b, 0)).toBe(CASES);
    await t.dispose();
  }, 300_000);
});
