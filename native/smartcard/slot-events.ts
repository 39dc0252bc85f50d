import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Slot events instead of polling, for modules that can block in C_WaitForSlotEvent (OpenSC does: it waits
 * inside pcscd's SCardGetStatusChange). A 500 ms poll through a PC/SC middleware is a round trip to pcscd every
 * time, the main idle cost of a desk (bench/smartcard-idle-opensc.bench.ts); a thread blocked in the module
 * costs nothing until a card moves. Firefox watches smart cards the same way (NSS's SmartCardMonitoringThread).
 *
 * The blocking call cannot run on the device process's main thread, which must answer pings, PIN checks and
 * probes, so it runs in a worker thread that only waits and reports; every PKCS#11 read stays on the main
 * thread, which polls when told. Sharing the module between two threads needs it initialised with
 * CKF_OS_LOCKING_OK (Pkcs11Module.initialize). A module that refuses (CKR_FUNCTION_NOT_SUPPORTED: SoftHSM, most
 * vendor libraries), that fails repeatedly, or that reports events without end is left to the poll; repeated
 * failures are the service gone, and such a module is asked again later (slot-event-retry.ts).
 */

export type SlotEventState =
  | { readonly state: 'ready' }
  | { readonly state: 'unsupported' | 'failed'; readonly reason: string; readonly transient?: boolean };

export interface SlotEventSink {
  /** A card or reader changed: poll now. */
  onEvent(): void;
  /** Once: whether the module waits for events ('ready'), cannot ('unsupported'), or stopped ('failed'). */
  onState(s: SlotEventState): void;
}

/**
 * With every module reporting slot events, the poll still runs this often: it counts the readers (a reader
 * plugged in is not a slot event on every middleware) and catches an event a module failed to report.
 */
export const SAFETY_POLL_MS = 10_000;

/** Events closer than this are one change (a TS-CNS shows two slots; a reader reports insert and bind). */
export const EVENT_GAP_MS = 50;
/** More events than this within one second is a module that does not block: it goes back to the poll. */
export const EVENT_STORM_PER_S = 20;
/** Consecutive failed waits (about 100 ms apart) before the module goes back to the poll. */
export const MAX_WAIT_FAILURES = 50;
/**
 * A module that has not said within this time whether it can wait (its non-blocking call blocks) goes back to
 * the poll: until a module has said, it is not re-initialised, and one that needs that to list cards would
 * never show one.
 */
export const DECIDE_WITHIN_MS = 5000;

/**
 * After the worker starts its first blocking wait, this long without a failure confirms that the module waits
 * for events. A module that refuses the blocking call answers at once (SoftHSM: in microseconds), so it is
 * polled from the start and never reported as event-driven, by the desk or by `sportello doctor`.
 */
export const CONFIRM_WAIT_MS = 500;

/**
 * The worker's whole program. Plain CommonJS evaluated as a string so that it ships inside the bundled device
 * process (no second file to find in an asar); `pkcs11js` comes by absolute path, resolved by the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { module: path, pkcs11js: lib, stop: stopBuffer, gapMs, stormPerS, maxFailures } = workerData;
const stop = new Int32Array(stopBuffer);
const post = (m) => parentPort.postMessage(m);
const stopped = () => Atomics.load(stop, 0) !== 0;
const pause = (ms) => Atomics.wait(stop, 0, 0, ms);
const rvOf = (e) => (/CKR_[A-Z_]+/.exec(String(e && e.message)) || ['CKR_GENERAL_ERROR'])[0];
function run() {
  const pkcs11js = require(lib);
  const p = new pkcs11js.PKCS11();
  try {
    p.load(path);
  } catch (e) {
    return post({ state: 'unsupported', reason: 'LOAD_FAILED' });
  }
  try {
    p.C_Initialize({ flags: pkcs11js.CKF_OS_LOCKING_OK });
  } catch (e) {
    if (rvOf(e) !== 'CKR_CRYPTOKI_ALREADY_INITIALIZED') return post({ state: 'unsupported', reason: rvOf(e) });
  }
  try {
    p.C_WaitForSlotEvent(pkcs11js.CKF_DONT_BLOCK);
  } catch (e) {
    const rv = rvOf(e);
    // Any other answer than "not supported" may be the service not there yet (a desk started before pcscd).
    if (rv === 'CKR_FUNCTION_NOT_SUPPORTED') return post({ state: 'unsupported', reason: rv });
    return post({ state: 'failed', reason: rv, transient: true });
  }
  // Not 'ready' yet: a module may take the non-blocking call and refuse the blocking one (SoftHSM 2.6 does, with
  // CKR_FUNCTION_NOT_SUPPORTED), which only the first blocking wait shows. The main thread confirms.
  post({ state: 'waiting' });
  let failures = 0;
  let windowStart = Date.now();
  let inWindow = 0;
  while (!stopped()) {
    try {
      p.C_WaitForSlotEvent(0);
    } catch (e) {
      if (stopped()) return;
      const rv = rvOf(e);
      if (rv === 'CKR_FUNCTION_NOT_SUPPORTED') return post({ state: 'failed', reason: rv });
      // The middleware's service gone (pcscd stopped) or a hiccup: the main thread polls meanwhile, so that the
      // desk sees what changed (no reader, then readers again).
      // Transient: the service may come back, and the desk asks the module again then (slot-event-retry.ts).
      if (++failures >= maxFailures) return post({ state: 'failed', reason: rv, transient: true });
      post({ event: true });
      pause(100);
      continue;
    }
    failures = 0;
    if (stopped()) return;
    const now = Date.now();
    if (now - windowStart >= 1000) {
      windowStart = now;
      inWindow = 0;
    }
    if (++inWindow > stormPerS) return post({ state: 'failed', reason: 'EVENT_STORM' });
    post({ event: true });
    pause(gapMs);
  }
}
run();
`;

/** Where the worker loads pkcs11js from: the same copy as the main thread, whatever the working directory. */
function pkcs11jsPath(): string {
  return createRequire(import.meta.url).resolve('pkcs11js');
}

export class SlotEventWatcher {
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));
  private worker: Worker | null;
  private phase: 'new' | 'ready' | 'done' = 'new';
  /** Started when the worker enters its first blocking wait: 'ready' when no failure came meanwhile. */
  private confirm: NodeJS.Timeout | null = null;
  private decide: () => void = () => {};
  /** Settles once the module has said whether it waits for events (or the watcher was stopped). */
  readonly decided = new Promise<void>((resolve) => (this.decide = resolve));
  /** The worker thread has not ended: it may be blocked inside the module. */
  get running(): boolean {
    return this.worker !== null;
  }

  constructor(
    readonly modulePath: string,
    private readonly sink: SlotEventSink,
  ) {
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        module: modulePath,
        pkcs11js: pkcs11jsPath(),
        stop: this.stopFlag.buffer,
        gapMs: EVENT_GAP_MS,
        stormPerS: EVENT_STORM_PER_S,
        maxFailures: MAX_WAIT_FAILURES,
      },
      // The worker inherits nothing it does not need: no loader hooks, no inspector.
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    // A worker blocked in the module must not keep a finished device process alive.
    this.worker.unref();
    const undecided = setTimeout(() => this.tell({ state: 'failed', reason: 'NO_ANSWER' }), DECIDE_WITHIN_MS);
    undecided.unref();
    void this.decided.then(() => clearTimeout(undecided));
    this.worker.on('message', (m: unknown) => this.onMessage(m));
    void this.decided.then(() => this.confirm && clearTimeout(this.confirm));
    this.worker.on('error', (e) =>
      this.tell({ state: 'failed', reason: e.name === 'Error' ? 'WORKER_ERROR' : e.name }),
    );
    this.worker.on('exit', () => {
      this.worker = null;
      this.tell({ state: 'failed', reason: 'WORKER_EXITED' });
    });
  }

  private onMessage(m: unknown): void {
    if (this.stopped) return;
    if (typeof m !== 'object' || m === null) return;
    if ('event' in m) {
      // An event proves the wait works: no need to wait for the confirmation.
      this.tell({ state: 'ready' });
      this.sink.onEvent();
      return;
    }
    const s = m as { state?: unknown; reason?: unknown; transient?: unknown };
    if (s.state === 'waiting') {
      if (!this.confirm) {
        this.confirm = setTimeout(() => this.tell({ state: 'ready' }), CONFIRM_WAIT_MS);
        this.confirm.unref();
      }
    } else if (s.state === 'ready') this.tell({ state: 'ready' });
    else if (s.state === 'unsupported' || s.state === 'failed')
      this.tell({
        state: s.state,
        reason: typeof s.reason === 'string' ? s.reason.slice(0, 64) : 'UNKNOWN',
        transient: s.transient === true,
      });
  }

  /** 'ready' may be followed by one 'failed'; a watcher that is done says nothing more. */
  private tell(s: SlotEventState): void {
    if (this.stopped || this.phase === 'done') return;
    if (s.state === 'ready' && this.phase === 'ready') return;
    this.phase = s.state === 'ready' ? 'ready' : 'done';
    this.sink.onState(s);
    this.decide();
  }

  private get stopped(): boolean {
    return Atomics.load(this.stopFlag, 0) !== 0;
  }

  /**
   * A worker blocked inside the module cannot be interrupted from JavaScript: it ends at the next event or
   * when the module is finalised (OpenSC cancels its wait in C_Finalize). Until then it is unreferenced and
   * silent.
   */
  stop(): void {
    if (this.confirm) clearTimeout(this.confirm);
    Atomics.store(this.stopFlag, 0, 1);
    Atomics.notify(this.stopFlag, 0);
    this.decide();
  }
}
