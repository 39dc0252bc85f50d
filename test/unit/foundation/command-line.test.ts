import { describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { commandLineMode } from '../../../electron/main/command-line';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), env: process.env },
  };
}

describe("the installed app's command line (release smoke test: --version, --cli doctor)", () => {
  it('--version prints the version and exits 0 without starting the desk', async () => {
    const o = io();
    expect(await commandLineMode(['--version'], { version: '1.2.3', runCli, io: o.io })).toBe(0);
    expect(o.out).toEqual(['1.2.3']);
  });

  it('--cli runs the real CLI with the arguments after it', async () => {
    const o = io();
    expect(
      await commandLineMode(['--cli', 'nav', '301000000000012373', '--json'], {
        version: 'x',
        runCli,
        io: o.io,
      }),
    ).toBe(0);
    expect(JSON.parse(o.out.join('\n'))).toMatchObject({ iuv: '01000000000012373' });
    const bad = io();
    expect(await commandLineMode(['--cli', 'nav', '1'], { version: 'x', runCli, io: bad.io })).toBe(1);
    expect(bad.err).toHaveLength(1);
  });

  it('anything else starts the desk', () => {
    expect(commandLineMode([], { version: 'x', runCli, io: io().io })).toBeNull();
    expect(commandLineMode(['--inspect'], { version: 'x', runCli, io: io().io })).toBeNull();
  });
});
