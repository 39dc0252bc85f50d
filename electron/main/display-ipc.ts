import { DISPLAY_PUBLISH_CHANNEL, DISPLAY_READY_CHANNEL } from '../../core/display/display-channels';
import type { DeskEvents } from '../services/events';
import type { DisplayFeed } from './display-feed';
import type { DisplayWindowManager } from './display-window-manager';

export interface IpcSendEventLike {
  readonly sender: { readonly id: number };
  readonly senderFrame: { readonly url: string } | null;
}
/** The part of `ipcMain` the display uses: one-way messages, no answer. */
export interface IpcMainOnLike {
  on(channel: string, listener: (event: IpcSendEventLike, payload?: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcSendEventLike, payload?: unknown) => void): unknown;
}

export interface DisplayWiring {
  readonly feed: DisplayFeed;
  readonly windows: DisplayWindowManager;
  readonly events: Pick<DeskEvents, 'on'>;
  /** The desk window's web contents id, while it exists. */
  readonly deskContentsId: () => number | null;
  readonly isTrustedUrl: (url: string) => boolean;
  readonly isDisplayUrl: (url: string) => boolean;
}

/**
 * The citizen's display's two channels, each answered for one sender only: the desk's page (desk origin, desk
 * window) publishes; the display window's page (display origin, display window) asks for the state. A message
 * from anyone else is dropped. The desk ending the citizen clears the display before any page says so.
 */
export function wireDisplayIpc(ipc: IpcMainOnLike, w: DisplayWiring): () => void {
  const onPublish = (event: IpcSendEventLike, payload?: unknown): void => {
    if (event.sender.id !== w.deskContentsId() || !w.isTrustedUrl(event.senderFrame?.url ?? '')) return;
    w.feed.publishUntrusted(payload);
  };
  const onReady = (event: IpcSendEventLike): void => {
    if (!w.windows.isDisplayContents(event.sender.id) || !w.isDisplayUrl(event.senderFrame?.url ?? ''))
      return;
    w.windows.ready();
  };
  ipc.on(DISPLAY_PUBLISH_CHANNEL, onPublish);
  ipc.on(DISPLAY_READY_CHANNEL, onReady);
  const off = w.events.on('identity.changed', (who) => {
    if (who === null) w.feed.clear();
  });
  return () => {
    ipc.removeListener(DISPLAY_PUBLISH_CHANNEL, onPublish);
    ipc.removeListener(DISPLAY_READY_CHANNEL, onReady);
    off();
  };
}
