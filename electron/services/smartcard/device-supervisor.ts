import { fromDeviceSchema, type FromDevice, type ToDevice } from '../../../native/smartcard/protocol';
import type { Logger } from '../log';
import type { DeviceProcess, DeviceProcessFactory } from './device-process';
import { DeviceWatchdog } from './watchdog';

/** A process that stayed up this long is healthy again: the next crash restarts it at the first delay. */
const STABLE_AFTER_MS = 5000;
/** Starting the process (Node, the TypeScript loader in development, the addon) is not a hang. */
const STARTUP_GRACE_MS = 20_000;

export interface SupervisorOptions {
  readonly spawn: DeviceProcessFactory;
  readonly log: Logger;
  /** The longest silence of a healthy device process (smartcard.watchdogMs). */
  readonly watchdogMs: number;
  /** Restart delays: first, then doubled up to max. */
  readonly backoff?: { readonly firstMs: number; readonly maxMs: number };
  /** The first message each new process gets (its configuration), knowing how many restarts came before. */
  configure(restarts: number): ToDevice;
  /** Each message of the running process, validated. */
  onMessage(m: FromDevice): void;
  /** The process exited (or was killed as hung); it is started again after the backoff. */
  onDown(): void;
}

/**
 * The smart-card device process's life: starts it, watches it (ping/pong watchdog), restarts it with exponential
 * backoff when it crashes or hangs. What its messages mean is the smartcard service's business; every message is
 * validated here first (the process runs vendor code and is not trusted).
 */
export class DeviceSupervisor {
  private proc: DeviceProcess | null = null;
  private stopped = true;
  private restarts = 0;
  private consecutiveFailures = 0;
  private restartTimer: NodeJS.Timeout | null = null;
  private stableTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private watch: DeviceWatchdog | null = null;
  private pingSeq = 0;

  constructor(private readonly o: SupervisorOptions) {}

  /** A device process is running (it may not have said anything yet). */
  get running(): boolean {
    return this.proc !== null;
  }

  get restartCount(): number {
    return this.restarts;
  }

  /** Pings sent to device processes so far (diagnostics, tests): an idle polled one answers none. */
  get pingsSent(): number {
    return this.pingSeq;
  }

  /** Sends to the running process; false when none is running. */
  send(m: ToDevice): boolean {
    const proc = this.proc;
    if (!proc) return false;
    proc.send(m);
    return true;
  }

  start(): void {
    this.stopped = false;
    this.spawn();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimers();
    const p = this.proc;
    this.proc = null;
    if (!p) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      p.onExit(() => {
        clearTimeout(t);
        resolve();
      });
      p.kill();
    });
  }

  private spawn(): void {
    if (this.stopped) return;
    let proc: DeviceProcess;
    try {
      proc = this.o.spawn();
    } catch (err) {
      this.o.log.error('smartcard device process did not start', { error: String(err) });
      this.scheduleRestart();
      return;
    }
    this.proc = proc;
    const every = Math.max(100, Math.floor(this.o.watchdogMs / 4));
    this.watch = new DeviceWatchdog(every, this.o.watchdogMs, STARTUP_GRACE_MS, Date.now());
    proc.onMessage((raw) => {
      if (this.proc === proc) this.onRaw(raw);
    });
    proc.onExit((code, signal) => {
      if (this.proc !== proc) return;
      this.proc = null;
      this.o.log.warn('smartcard device process exited', { code, signal });
      this.onDown();
    });
    proc.send(this.o.configure(this.restarts));
    this.pingTimer = setInterval(() => this.watchdog(proc), every);
    this.pingTimer.unref?.();
    this.stableTimer = setTimeout(() => (this.consecutiveFailures = 0), STABLE_AFTER_MS);
    this.stableTimer.unref?.();
  }

  private onRaw(raw: unknown): void {
    const parsed = fromDeviceSchema.safeParse(raw);
    if (!parsed.success) {
      this.o.log.warn('smartcard: message refused', { issues: parsed.error.issues.length });
      return;
    }
    this.watch?.heard(Date.now());
    this.o.onMessage(parsed.data);
  }

  /** Every watchdogMs/4: a hang is found within 1.25 × watchdogMs. */
  private watchdog(proc: DeviceProcess): void {
    if (this.proc !== proc || !this.watch) return;
    const verdict = this.watch.check(Date.now());
    if (verdict === 'hung') {
      // Blocked inside a vendor call: no message will ever come back. Kill it; the exit restarts it.
      this.o.log.warn('smartcard device process hung: killing it', { watchdogMs: this.o.watchdogMs });
      this.watch = null;
      proc.kill();
    } else if (verdict === 'ping') proc.send({ type: 'ping', seq: ++this.pingSeq });
  }

  private onDown(): void {
    this.clearTimers();
    this.restarts++;
    this.consecutiveFailures++;
    this.o.onDown();
    this.scheduleRestart();
  }

  private scheduleRestart(): void {
    if (this.stopped) return;
    const { firstMs, maxMs } = this.o.backoff ?? { firstMs: 250, maxMs: 30_000 };
    const delay = Math.min(maxMs, firstMs * 2 ** Math.max(0, this.consecutiveFailures - 1));
    this.restartTimer = setTimeout(() => this.spawn(), delay);
  }

  private clearTimers(): void {
    for (const t of [this.restartTimer, this.stableTimer]) if (t) clearTimeout(t);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.restartTimer = this.stableTimer = this.pingTimer = null;
  }
}
