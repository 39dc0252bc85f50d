/**
 * Every benchmark file is a script (run by `npm run bench` through tsx) that measures, then calls `report()`
 * once. The runner collects the JSON line each script prints and writes one table for the whole run, so a
 * figure always travels with its conditions and with the baseline measured in the same run.
 */
export interface Figure {
  /** What was measured, e.g. "fiscal code validate+decode". */
  name: string;
  value: number;
  unit: string;
  /** The same work done by the baseline in this run, when there is one. */
  baseline?: { name: string; value: number; unit: string };
  /** A goal from the issue, said as text, e.g. "<= 2 ms". */
  goal?: string;
  /** Whether the goal was met, when there is a goal. */
  met?: boolean;
}

export interface BenchReport {
  bench: string;
  conditions: Record<string, string | number>;
  figures: Figure[];
}

export const REPORT_PREFIX = 'BENCH-REPORT ';

export function report(r: BenchReport): void {
  process.stdout.write(REPORT_PREFIX + JSON.stringify(r) + '\n');
}

/** Percentile of a sample in the same unit as the sample (nearest-rank). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

export function summarize(samplesMs: number[]): { p50: number; p95: number; p99: number; n: number } {
  const s = [...samplesMs].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p95: percentile(s, 95), p99: percentile(s, 99), n: s.length };
}

/** Runs `fn` repeatedly for about `ms` milliseconds and returns operations per second. */
export function throughput(fn: () => void, ms = 1000): number {
  const start = process.hrtime.bigint();
  let n = 0;
  let elapsed = 0n;
  const budget = BigInt(ms) * 1_000_000n;
  while (elapsed < budget) {
    for (let i = 0; i < 1000; i++) fn();
    n += 1000;
    elapsed = process.hrtime.bigint() - start;
  }
  return Math.round((n * 1e9) / Number(elapsed));
}

export function machineConditions(): Record<string, string | number> {
  return {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
