/**
 * Whether the device process is hung: silent for longer than the limit, pinged once it has been silent for half
 * of it. Only time the desk itself was running counts as the device's silence. A main process that stalled (a
 * long synchronous job, a laptop resumed from sleep) runs its overdue check before reading the messages that
 * waited in the pipe meanwhile, and would kill a healthy device process; a check that comes more than one period
 * late credits the device with the time the desk was away.
 */
export type WatchdogVerdict = 'quiet' | 'ping' | 'hung';

export class DeviceWatchdog {
  private heardAt: number;
  private started = false;
  private checkedAt: number | null = null;

  /**
   * `everyMs`: how often check() is called; `limitMs`: the longest silence of a healthy process, which may take
   * up to `startupMs` to say its first word (Node, the TypeScript loader in development, the addon).
   */
  constructor(
    private readonly everyMs: number,
    private readonly limitMs: number,
    private readonly startupMs: number,
    now: number,
  ) {
    this.heardAt = now;
  }

  /** Any message from the device process. */
  heard(now: number): void {
    this.heardAt = now;
    this.started = true;
  }

  check(now: number): WatchdogVerdict {
    if (this.checkedAt !== null) {
      const late = now - this.checkedAt - this.everyMs;
      if (late > this.everyMs) this.heardAt += late;
    }
    this.checkedAt = now;
    const silent = now - this.heardAt;
    if (silent > (this.started ? this.limitMs : Math.max(this.limitMs, this.startupMs))) return 'hung';
    // An idle desk exchanges one ping/pong every half limit, not on every check.
    return silent >= this.limitMs / 2 ? 'ping' : 'quiet';
  }
}
