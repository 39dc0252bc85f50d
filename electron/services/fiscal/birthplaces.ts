import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import {
  createBirthplaceResolver,
  recordsFromBelfiorePlaces,
  type BelfiorePlaceLike,
  type BirthplaceResolver,
} from '../../../core/fiscal-code/birthplace';
import { loadPrebuiltRecords } from './birthplaces-prebuilt';

let loading: Promise<BirthplaceResolver> | null = null;

/**
 * The Belfiore directory, loaded once per process on first use (not worth paying at start-up for a CLI command
 * that never decodes a code): from the records a bundle carries (decoded when it was built: the CLI, the browser
 * host), else from the library. After this one load every lookup is a synchronous map access.
 */
export function birthplaceResolver(): Promise<BirthplaceResolver> {
  const prebuilt = loading ? null : loadPrebuiltRecords();
  if (prebuilt) loading = Promise.resolve(createBirthplaceResolver(prebuilt));
  loading ??= loadPlaces()
    .then((places) => createBirthplaceResolver(recordsFromBelfiorePlaces(places)))
    .catch((e: unknown) => {
      // The next caller tries again instead of inheriting this failure for the life of the process.
      loading = null;
      throw e;
    });
  return loading;
}

/** In a worker thread (below); in this one where a worker cannot load the library (`lib`: where it is). */
export function loadPlaces(lib?: string): Promise<BelfiorePlaceLike[]> {
  return loadPlacesInWorker(lib).catch(() => loadPlacesHere());
}

/**
 * The library's "async" load decodes its ~10,000 places synchronously: 0.5 to 1.1 s of one thread on this project's
 * test machine (bench/birthplaces-load.bench.ts). On the desk's main thread that froze IPC and the smart card
 * watchdog three seconds after start, when the smart card service preloads it. A worker thread pays it instead
 * and hands over plain records; the main thread only builds the index. Plain CommonJS evaluated as a string,
 * like the slot-event worker, so that it ships inside the bundled main process.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { belfioreConnector } = require(workerData.lib);
belfioreConnector.toArray().then(
  (places) =>
    parentPort.postMessage(
      places.map((p) => ({
        belfioreCode: p.belfioreCode,
        name: p.name,
        province: p.province,
        creationDate: p.creationDate,
        expirationDate: p.expirationDate,
      })),
    ),
  (e) => parentPort.postMessage({ error: String(e && e.message) }),
);
`;

/** Where the worker loads the library from: the main thread's copy, whatever the working directory. */
function belfioreLibraryPath(): string {
  return createRequire(import.meta.url).resolve('@marketto/belfiore-connector-embedded');
}

/** A worker that has not answered by then is stopped, and the places load in the calling thread. */
export const WORKER_LOAD_TIMEOUT_MS = 20_000;

/**
 * The places, decoded in a worker thread. Rejects when the worker cannot load the library, fails, or does not
 * answer within `timeoutMs`.
 */
export function loadPlacesInWorker(
  lib?: string,
  timeoutMs = WORKER_LOAD_TIMEOUT_MS,
): Promise<BelfiorePlaceLike[]> {
  // Everything inside the executor: a library that cannot be resolved, or a worker that cannot start, rejects.
  return new Promise((resolve, reject) => {
    const workerData = { lib: lib ?? belfioreLibraryPath() };
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData, execArgv: [], stderr: true });
    const timer = setTimeout(() => {
      reject(new Error(`birthplace worker: no answer in ${timeoutMs} ms`));
      void worker.terminate();
    }, timeoutMs);
    timer.unref();
    worker.once('message', (m: unknown) => {
      clearTimeout(timer);
      if (Array.isArray(m) && m.every(isPlace)) resolve(m);
      else reject(new Error(`birthplace worker: ${describe(m)}`));
      void worker.terminate();
    });
    worker.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    // Settles nothing when a message came first.
    worker.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`birthplace worker exited (${code})`));
    });
  });
}

/**
 * The same in this thread: where a worker cannot start (or load the library from an archive). Imported here,
 * not at the top: a desk whose worker loads the places never parses the library on its main thread.
 */
export async function loadPlacesHere(): Promise<BelfiorePlaceLike[]> {
  const { belfioreConnector } = await import('@marketto/belfiore-connector-embedded');
  return belfioreConnector.toArray();
}

function isPlace(p: unknown): p is BelfiorePlaceLike {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  const date = (d: unknown) => d === undefined || d instanceof Date;
  return (
    typeof o['belfioreCode'] === 'string' &&
    typeof o['name'] === 'string' &&
    (o['province'] === undefined || typeof o['province'] === 'string') &&
    date(o['creationDate']) &&
    date(o['expirationDate'])
  );
}

function describe(m: unknown): string {
  if (typeof m === 'object' && m !== null && 'error' in m) return String(m.error).slice(0, 200);
  return 'unexpected answer';
}
