import { fromDeviceSchema, type DeviceConfig, type FromDevice } from '../../../native/smartcard/protocol';
import type { DeviceProcess } from './device-process';

/**
 * A short-lived conversation with a device process, for the CLI (identify, doctor): start, configure, wait for
 * what is wanted, end. The process isolates the CLI from a module that crashes or hangs just as it does the desk.
 */
export class DeviceSession {
  private readonly listeners = new Set<(m: FromDevice) => void>();
  private exited: string | null = null;

  constructor(
    private readonly proc: DeviceProcess,
    config: DeviceConfig,
  ) {
    proc.onMessage((raw) => {
      const p = fromDeviceSchema.safeParse(raw);
      if (p.success) for (const l of this.listeners) l(p.data);
    });
    proc.onExit((code, signal) => (this.exited = signal ?? `exit ${code}`));
    proc.send({ type: 'configure', config });
  }

  send(m: Parameters<DeviceProcess['send']>[0]): void {
    this.proc.send(m);
  }

  /** Resolves with the first message `pick` accepts; null on timeout or when the process dies. */
  waitFor<T>(pick: (m: FromDevice) => T | undefined, timeoutMs: number): Promise<T | null> {
    return new Promise((resolve) => {
      const done = (v: T | null) => {
        clearTimeout(timer);
        clearInterval(dead);
        this.listeners.delete(listener);
        resolve(v);
      };
      const listener = (m: FromDevice) => {
        const v = pick(m);
        if (v !== undefined) done(v);
      };
      const timer = setTimeout(() => done(null), timeoutMs);
      const dead = setInterval(() => this.exited && done(null), 100);
      this.listeners.add(listener);
    });
  }

  get exitReason(): string | null {
    return this.exited;
  }

  close(): void {
    this.proc.kill();
  }
}
