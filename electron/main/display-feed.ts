import { displayStateSchema, type DisplayState } from '../../core/display/display-state';

/**
 * The citizen's display state in the app, as the browser host's relay keeps it (electron/host/display-relay.ts):
 * the desk's page publishes what it shows; it falls back to the neutral screen (null) when the desk ends the
 * citizen (card removed, lock, take-over: `identity.changed` null) and when the desk's page goes away (closed,
 * reloaded, crashed), so the display never outlives the citizen whatever the desk's page did.
 */
export class DisplayFeed {
  private current: DisplayState = null;
  private readonly listeners = new Set<(s: DisplayState) => void>();

  get state(): DisplayState {
    return this.current;
  }

  /** What the desk's page sent: validated here, at the edge; anything malformed shows the neutral screen. */
  publishUntrusted(raw: unknown): void {
    const parsed = displayStateSchema.safeParse(raw);
    this.publish(parsed.success ? parsed.data : null);
  }

  publish(state: DisplayState): void {
    this.current = state;
    for (const l of this.listeners) l(state);
  }

  /** The desk ended the citizen, or its page is gone: neutral at once. */
  clear(): void {
    if (this.current !== null) this.publish(null);
  }

  subscribe(listener: (s: DisplayState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
