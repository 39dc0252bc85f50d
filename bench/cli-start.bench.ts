/**
 * CLI start: wall time of `sportello cf X --json` as an administrator runs it (bin/sportello.js, which runs the
 * built bundle) against `node -e 0` measured in the same run, interleaved so both see the same machine load.
 * The first run (which builds the bundle if it is missing or stale) is not counted.
 */
import { spawnSync } from 'node:child_process';
import { tempDir } from '../test/support/temp';
import { machineConditions, report, summarize } from './lib/report';

const RUNS = 21;
const data = tempDir('bench-cli-');
const env = { ...process.env, SPORTELLO_DATA_DIR: data.path, SPORTELLO_ADMIN_CONFIG: '' };

function wall(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${String(r.stderr)}`);
  return ms;
}

const CF = ['bin/sportello.js', 'cf', 'RSSMRA80A01H501U', '--json'];
const HELP = ['bin/sportello.js', 'help'];
wall(CF); // builds dist/cli when needed
const cf: number[] = [];
const help: number[] = [];
const bare: number[] = [];
for (let i = 0; i < RUNS; i++) {
  bare.push(wall(['-e', '0']));
  cf.push(wall(CF));
  help.push(wall(HELP));
}
data.remove();

const ms = (n: number) => Math.round(n * 10) / 10;
const b = summarize(bare);
report({
  bench: 'cli-start',
  conditions: { ...machineConditions(), runs: RUNS, node: process.version, goal: 'cf --json p50 <= 200 ms' },
  figures: [
    {
      name: 'sportello cf X --json, wall time p50',
      value: ms(summarize(cf).p50),
      unit: 'ms',
      baseline: { name: 'node -e 0 p50', value: ms(b.p50), unit: 'ms' },
    },
    {
      name: 'sportello cf X --json, wall time p99',
      value: ms(summarize(cf).p99),
      unit: 'ms',
      baseline: { name: 'node -e 0 p99', value: ms(b.p99), unit: 'ms' },
    },
    {
      name: 'sportello help, wall time p50',
      value: ms(summarize(help).p50),
      unit: 'ms',
      baseline: { name: 'node -e 0 p50', value: ms(b.p50), unit: 'ms' },
    },
  ],
});
