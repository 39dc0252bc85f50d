import { eventNames, methodNames, type MethodName, type Response } from '../../core/contract';
import type { Desk } from '../services/desk';

/** The parts of Electron's IPC the wiring needs, typed structurally so it is unit-tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcInvokeEventLike, payload: unknown) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}
export interface IpcInvokeEventLike {
  readonly senderFrame: { readonly url: string } | null;
}
export interface WebContentsLike {
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
}

/**
 * Registers one handler per contract method. A call is answered only when it comes from the desk's own page
 * (the app:// origin); anything else, e.g. a frame that navigated elsewhere, gets INVALID_INPUT and no data.
 */
export function wireIpc(
  ipc: IpcMainLike,
  desk: Desk,
  isTrustedUrl: (url: string) => boolean,
  target: () => WebContentsLike | null,
): () => void {
  for (const name of methodNames) {
    ipc.handle(name, async (event, payload): Promise<Response<MethodName>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isTrustedUrl(url)) {
        return { ok: false, error: { code: 'INVALID_INPUT', details: { reason: 'UNTRUSTED_SENDER' } } };
      }
      return desk.call(name, payload, { transport: 'ipc' });
    });
  }
  const unsubscribe = eventNames.map((name) =>
    desk.events.on(name, (payload) => {
      const wc = target();
      if (wc && !wc.isDestroyed()) wc.send(name, payload);
    }),
  );
  return () => {
    for (const name of methodNames) ipc.removeHandler(name);
    unsubscribe.forEach((u) => u());
  };
}
