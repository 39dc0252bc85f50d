/**
 * The Belfiore directory load, seen from the thread that asks for it: the longest stall of that thread's event
 * loop (what froze the desk's IPC and the smart card watchdog when it ran on the main thread) and the time until
 * the places are there. Worker thread (the desk's way) against the library's load in the calling thread (the
 * old way, still the fallback), alternated in the same process.
 */
import { loadPlacesHere, loadPlacesInWorker } from '../electron/services/fiscal/birthplaces';
import { machineConditions, report, summarize } from './lib/report';

const RUNS = 7;
const TICK_MS = 5;

/** Runs `load` while a TICK_MS timer measures how late it fires: the longest gap is the stall. */
async function measure(load: () => Promise<unknown[]>): Promise<{ stallMs: number; totalMs: number }> {
  let last = performance.now();
  let worst = 0;
  const tick = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, TICK_MS);
  const start = performance.now();
  const places = await load();
  const totalMs = performance.now() - start;
  // One more tick, so that a stall that just ended is counted.
  await new Promise((r) => setTimeout(r, TICK_MS * 4));
  clearInterval(tick);
  if (places.length < 9000) throw new Error(`only ${places.length} places`);
  return { stallMs: worst, totalMs };
}

const worker: { stallMs: number; totalMs: number }[] = [];
const here: { stallMs: number; totalMs: number }[] = [];
await measure(() => loadPlacesInWorker());
for (let i = 0; i < RUNS; i++) {
  worker.push(await measure(() => loadPlacesInWorker()));
  here.push(await measure(() => loadPlacesHere()));
}
const round = (n: number) => Math.round(n * 10) / 10;
const p50 = (xs: number[]) => round(summarize(xs).p50);
const max = (xs: number[]) => round(Math.max(...xs));

report({
  bench: 'birthplaces-load',
  conditions: {
    ...machineConditions(),
    runs: RUNS,
    tickMs: TICK_MS,
    dataset: 'belfiore-connector-embedded 1.2.1',
  },
  figures: [
    {
      name: 'longest main-thread stall during the load, p50',
      value: p50(worker.map((r) => r.stallMs)),
      unit: 'ms',
      baseline: { name: 'load in the main thread', value: p50(here.map((r) => r.stallMs)), unit: 'ms' },
    },
    {
      name: 'longest main-thread stall during the load, max',
      value: max(worker.map((r) => r.stallMs)),
      unit: 'ms',
      baseline: { name: 'load in the main thread', value: max(here.map((r) => r.stallMs)), unit: 'ms' },
    },
    {
      name: 'places available after, p50',
      value: p50(worker.map((r) => r.totalMs)),
      unit: 'ms',
      baseline: { name: 'load in the main thread', value: p50(here.map((r) => r.totalMs)), unit: 'ms' },
    },
  ],
});
