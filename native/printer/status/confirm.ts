import {
  EPSON_QUERY,
  epsonCondition,
  epsonProcessIdRequest,
  processIdAnswer,
  parseEpson,
  parseStar,
  STAR_ETB,
  STAR_QUERY,
  starCondition,
  starEtbCounter,
  type PrinterCondition,
} from './answers';
import { PrinterChannel, type StatusChannel } from './channel';
import { transportError } from './errors';

export type StatusFamily = 'epson' | 'star' | 'custom';

export interface ConfirmedSend {
  readonly bytes: number;
  readonly ms: number;
  /** True when the printer answered that the whole job was processed, with paper and no error. */
  readonly printed: boolean;
}

/** How long a status answer may take once asked: printers answer real-time requests within milliseconds. */
const ANSWER_MS = 2000;
/** Star has no "answer when done": the status is asked again at this pace until the ETB counter moves. */
const STAR_POLL_MS = 200;

function fail(c: PrinterCondition, phase: 'before' | 'after'): void {
  if (c.problem) throw transportError(c.problem, { phase });
}

let processSeq = 0;

async function epson(ch: StatusChannel, job: Uint8Array, timeoutMs: number): Promise<boolean> {
  // Before the job: a printer without paper or with its cover open is reported without printing anything.
  const before = await ask(ch, EPSON_QUERY, null);
  fail(epsonCondition(before.status), 'before');
  ch.consume(ch.received.length);
  const id = String((processSeq = (processSeq + 1) % 10_000)).padStart(4, '0');
  await ch.write(Buffer.concat([job, epsonProcessIdRequest(id)]), timeoutMs);
  // The process-ID answer comes once the job has been printed; a printer that stops (paper end) never sends
  // it, and the status asked at the deadline says why.
  const answer = Buffer.from(processIdAnswer(id));
  await ch.until(() => ch.received.includes(answer), timeoutMs);
  const completed = ch.received.includes(answer);
  // Real-time status sequences can occur inside raster data and printers answer them: whatever came during
  // the job is dropped, so the status read next is the one asked now.
  ch.consume(ch.received.length);
  const after = await ask(ch, EPSON_QUERY, null);
  fail(epsonCondition(after.status), 'after');
  return completed;
}

/** Sends a status request and reads the answer; throws NOT_A_PRINTER / NO_STATUS when there is none. */
async function ask(
  ch: StatusChannel,
  query: Uint8Array,
  processId: string | null,
  answerMs: number = ANSWER_MS,
): Promise<{ status: readonly number[]; completed: boolean }> {
  if (!ch.isClosed) await ch.write(query, answerMs);
  await ch.until(() => parseEpson(ch.received, processId).kind !== 'partial', answerMs);
  const r = parseEpson(ch.received, processId);
  if (r.kind === 'garbage') throw transportError('NOT_A_PRINTER', { sample: r.sample });
  if (r.kind === 'partial')
    throw ch.received.length > 0
      ? transportError('NOT_A_PRINTER', { sample: ch.received.subarray(0, 24).toString('hex') })
      : transportError('NO_STATUS', { waitedMs: answerMs, closed: ch.isClosed });
  return { status: r.status, completed: r.completed };
}

async function starStatus(ch: StatusChannel, answerMs: number = ANSWER_MS): Promise<readonly number[]> {
  ch.consume(ch.received.length);
  if (!ch.isClosed) await ch.write(STAR_QUERY, answerMs);
  await ch.until(() => parseStar(ch.received).kind !== 'partial', answerMs);
  const r = parseStar(ch.received);
  if (r.kind === 'garbage') throw transportError('NOT_A_PRINTER', { sample: r.sample });
  if (r.kind === 'partial')
    throw ch.received.length > 0
      ? transportError('NOT_A_PRINTER', { sample: ch.received.subarray(0, 24).toString('hex') })
      : transportError('NO_STATUS', { waitedMs: answerMs, closed: ch.isClosed });
  return r.block;
}

/**
 * The printer's condition now, without a job: the same requests and decoders as before a job (Epson/Custom
 * `DLE EOT 1/2/4`, Star `ESC ACK SOH`), answered within `answerMs`. Throws NOT_A_PRINTER / NO_STATUS like
 * the confirmation does; the channel is closed in every case.
 */
export async function conditionOn(
  ch: StatusChannel,
  family: StatusFamily,
  answerMs: number = ANSWER_MS,
): Promise<PrinterCondition> {
  try {
    return family === 'star'
      ? starCondition(await starStatus(ch, answerMs))
      : epsonCondition((await ask(ch, EPSON_QUERY, null, answerMs)).status);
  } finally {
    ch.close();
  }
}

async function star(ch: StatusChannel, job: Uint8Array, timeoutMs: number): Promise<boolean> {
  const before = await starStatus(ch);
  fail(starCondition(before), 'before');
  const etb = starEtbCounter(before);
  await ch.write(Buffer.concat([job, STAR_ETB]), timeoutMs);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await starStatus(ch);
    const c = starCondition(now);
    const counter = starEtbCounter(now);
    const done = etb !== null && counter !== null && counter === (etb + 1) % 32;
    if (done || c.problem) {
      fail(c, 'after');
      return true;
    }
    if (Date.now() >= deadline) return false;
    await ch.until(() => false, STAR_POLL_MS);
  }
}

/**
 * Sends a job on an open channel (TCP or a device file) and asks the printer how it went; the channel is
 * closed in every case.
 */
export async function confirmOn(
  ch: StatusChannel,
  job: Uint8Array,
  family: StatusFamily,
  timeoutMs: number,
  started: number = performance.now(),
): Promise<ConfirmedSend> {
  try {
    const printed = family === 'star' ? await star(ch, job, timeoutMs) : await epson(ch, job, timeoutMs);
    return { bytes: job.length, ms: performance.now() - started, printed };
  } finally {
    ch.close();
  }
}

/**
 * Sends a job over TCP and asks the printer how it went: its status before (nothing is sent to a printer
 * that reports no paper or an open cover), the end of the job (Epson/Custom `GS ( H` process ID, Star ETB
 * counter), and its status after. `printed` only on a good answer; a printer whose status is fine but that
 * never reported the job's end gives `printed: false` (the caller journals "sent").
 */
export async function sendConfirmed(
  host: string,
  port: number,
  job: Uint8Array,
  family: StatusFamily,
  timeoutMs: number,
): Promise<ConfirmedSend> {
  const started = performance.now();
  const ch = await PrinterChannel.open(host, port, timeoutMs);
  return confirmOn(ch, job, family, timeoutMs, started);
}
