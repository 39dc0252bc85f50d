import { EventEmitter } from 'node:events';
import type { EventName, EventPayload } from '../../core/contract';

/** The services' side of pushed events; transports subscribe once and forward everything. */
export class DeskEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open window and WebSocket subscribes once per event; more than ten is normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  emit<E extends EventName>(name: E, payload: EventPayload<E>): void {
    this.emitter.emit(name, payload);
  }

  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void {
    this.emitter.on(name, listener);
    return () => this.emitter.off(name, listener);
  }
}
