import { describe, expect, it } from 'vitest';
import { warmPrinting, warmUpPart } from '../../../electron/services/warm-up';

const quiet = { warn: () => {}, info: () => {}, error: () => {}, debug: () => {} } as never;
const turns = (n: number) =>
  Array.from({ length: n }).reduce<Promise<void>>(
    (p) => p.then(() => new Promise((r) => setImmediate(r))),
    Promise.resolve(),
  );

describe('the desk warm-up', () => {
  it('runs its steps in order after start returns, and a failing step neither throws nor stops the next', async () => {
    const done: string[] = [];
    const warnings: string[] = [];
    const part = warmUpPart(
      [
        () => done.push('places'),
        () => {
          throw new Error('no module');
        },
        () => done.push('printing'),
      ],
      { ...(quiet as object), warn: (m: string) => warnings.push(m) } as never,
    );
    part.start();
    expect(done).toEqual([]);
    await turns(6);
    expect(done).toEqual(['places', 'printing']);
    expect(warnings).toEqual(['warm-up step failed']);
  });

  it('does nothing more once stopped', async () => {
    const done: string[] = [];
    const part = warmUpPart([() => done.push('a'), () => done.push('b')], quiet);
    part.start();
    part.stop();
    await turns(4);
    expect(done).toEqual([]);
  });

  it('draws a test page without a citizen', () => {
    expect(() => warmPrinting()).not.toThrow();
  });
});
