import { DISPLAY_PUBLISH_CHANNEL } from '../../core/display/display-channels';
import type { DisplayIpcLike } from './display-bridge';

/** `window.sportelloDisplayFeed` in the desk's window: what the citizen's display shows, sent one way. */
export interface DisplayPublisher {
  publish(state: unknown): void;
}

export function buildDisplayPublisher(ipc: Pick<DisplayIpcLike, 'send'>): DisplayPublisher {
  return { publish: (state) => ipc.send(DISPLAY_PUBLISH_CHANNEL, state) };
}
