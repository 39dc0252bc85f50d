/** A part of the desk with work to start (device processes, background refresh) and to stop cleanly. */
export interface Startable {
  readonly name: string;
  start(): Promise<void> | void;
  stop(): Promise<void> | void;
}

/**
 * Starts parts in order and stops them in reverse. A part that fails to start is logged and left out: an
 * optional device (a card reader module, a printer) must never keep the desk from opening.
 */
export class Lifecycle {
  private readonly parts: Startable[] = [];
  private started: Startable[] = [];

  add(part: Startable): void {
    this.parts.push(part);
  }

  async start(onError: (name: string, err: unknown) => void): Promise<void> {
    for (const p of this.parts) {
      try {
        await p.start();
        this.started.push(p);
      } catch (err) {
        onError(p.name, err);
      }
    }
  }

  async stop(onError: (name: string, err: unknown) => void): Promise<void> {
    for (const p of [...this.started].reverse()) {
      try {
        await p.stop();
      } catch (err) {
        onError(p.name, err);
      }
    }
    this.started = [];
  }
}
