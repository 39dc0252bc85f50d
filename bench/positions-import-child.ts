/**
 * The importing process of bench/positions-import.bench.ts: a fresh process, so its peak RSS is the
 * import's (file generation and the baseline run elsewhere). The import runs on a worker thread, as in the
 * CLI; the process's RSS counts both threads.
 */
import { importPositionsFileInWorker } from '../electron/services/positions/import-in-worker';

const [dbFile, file, mode] = process.argv.slice(2) as [string, string, string | undefined];
const t0 = process.hrtime.bigint();
// `row-by-row`: the bulk path switched off (the way every import was written before it), as a baseline.
const r = await importPositionsFileInWorker(dbFile, file, {
  now: new Date(),
  ...(mode === 'row-by-row' ? { bulkFromBytes: Infinity } : {}),
});
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
process.stdout.write(
  JSON.stringify({
    seconds,
    committed: r.committed,
    positions: r.positions,
    errors: r.errors.slice(0, 3),
    maxRssKb: process.resourceUsage().maxRSS,
  }) + '\n',
);
