import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../../core/contract/errors';
import { readImportFile } from './read-import';
import { encodeRows, type ReaderJob, type ReaderMessage, type WriterMessage } from './read-import-wire';

/**
 * Worker entry: reads and validates an import file (read-import.ts) and streams its positions to the thread
 * that writes them, in batches. Holding back when the writer has BATCHES_AHEAD batches unprocessed keeps
 * memory flat whichever side is slower. Small batches measured faster than big ones (100 against 1,000):
 * a batch array that stays small dies young, instead of dragging every string it holds into the old
 * generation.
 */
const POSITIONS_PER_BATCH = 100;
const BATCHES_AHEAD = 8;

const job = workerData as ReaderJob;
const port = parentPort!;
let batch: (string | number | null)[] = [];
let inBatch = 0;
let ahead = 0;
let resume: (() => void) | null = null;

const post = (m: ReaderMessage) => port.postMessage(m);
port.on('message', (m: WriterMessage) => {
  if (m.type !== 'ack') return;
  ahead--;
  resume?.();
  resume = null;
});

function send(): void {
  if (inBatch === 0) return;
  post({ type: 'batch', values: batch });
  ahead++;
  batch = [];
  inBatch = 0;
}

try {
  const summary = await readImportFile(job.path, {
    connector: job.connector,
    now: job.now,
    today: job.today,
    onRows: (rows) => {
      encodeRows(rows, batch);
      if (++inBatch === POSITIONS_PER_BATCH) send();
    },
    afterChunk: () =>
      ahead < BATCHES_AHEAD ? undefined : new Promise<void>((resolve) => (resume = resolve)),
  });
  send();
  post({ type: 'done', summary });
} catch (err) {
  post(
    err instanceof AppError
      ? { type: 'failed', code: err.code, details: (err.details ?? null) as Record<string, unknown> | null }
      : { type: 'failed', code: 'INTERNAL', details: { reason: 'IMPORT_READER', message: String(err) } },
  );
}
port.close();
