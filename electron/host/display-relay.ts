import type { WebSocket } from 'ws';
import type { DisplayState } from '../../core/display/display-state';

type Send = (frame: { t: 'display'; state: DisplayState }) => void;

/**
 * The citizen's display in the browser host: the clerk's page publishes what it shows, display pages receive
 * it and nothing else. It falls back to the neutral screen (null) when the desk ends the citizen (card removed,
 * lock, take-over: `identity.changed` null) and when no clerk page is connected any more, so a display never
 * outlives the citizen whatever the clerk's page did.
 */
export class DisplayRelay {
  private state: DisplayState = null;
  private readonly displays = new Map<WebSocket, Send>();
  private readonly clerks = new Set<WebSocket>();

  addDisplay(ws: WebSocket, send: Send): void {
    this.displays.set(ws, send);
    ws.on('close', () => this.displays.delete(ws));
    send({ t: 'display', state: this.state });
  }

  addClerk(ws: WebSocket): void {
    this.clerks.add(ws);
    ws.on('close', () => {
      this.clerks.delete(ws);
      if (this.clerks.size === 0) this.publish(null);
    });
  }

  publish(state: DisplayState): void {
    this.state = state;
    for (const send of this.displays.values()) send({ t: 'display', state });
  }

  /** The desk ended the citizen: the display goes neutral at once, before any page says so. */
  citizenGone(): void {
    if (this.state !== null) this.publish(null);
  }
}
