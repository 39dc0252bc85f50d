import type { SystemStatus } from '../../core/contract/domains/system';
import type { DeskEvents } from './events';

type Parts = Pick<SystemStatus, 'reader' | 'revocation' | 'printer' | 'backend' | 'audit'>;

/**
 * The desk's live status. Each device or backend service owns one part and updates it; every change is pushed
 * to the UI at once, so the status bar never has to poll.
 */
export class StatusBoard {
  private parts: Parts;

  constructor(
    private readonly fixed: Pick<SystemStatus, 'version' | 'mode' | 'database' | 'secrets'>,
    initial: Parts,
    private readonly events: DeskEvents,
  ) {
    this.parts = initial;
  }

  get(): SystemStatus {
    return { ...this.fixed, ...this.parts };
  }

  set<K extends keyof Parts>(key: K, value: Parts[K]): void {
    if (JSON.stringify(this.parts[key]) === JSON.stringify(value)) return;
    this.parts = { ...this.parts, [key]: value };
    this.events.emit('system.statusChanged', this.get());
  }
}
