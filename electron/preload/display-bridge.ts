import { DISPLAY_READY_CHANNEL, DISPLAY_STATE_CHANNEL } from '../../core/display/display-channels';

/** The part of `ipcRenderer` the display's preloads use; typed structurally so they are tested without Electron. */
export interface DisplayIpcLike {
  send(channel: string, ...args: unknown[]): void;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `window.sportelloDisplay` in the display window: one function, nothing of the contract. */
export interface DisplayBridge {
  /** Calls `listener` with each display state (validated again by the page), the current one first. */
  subscribe(listener: (state: unknown) => void): () => void;
}

export function buildDisplayBridge(ipc: DisplayIpcLike): DisplayBridge {
  return {
    subscribe(listener) {
      // The payload only, never the IPC event (which would hand the page `sender`).
      const wrapped = (_event: unknown, state: unknown) => listener(state);
      ipc.on(DISPLAY_STATE_CHANNEL, wrapped);
      ipc.send(DISPLAY_READY_CHANNEL);
      return () => void ipc.removeListener(DISPLAY_STATE_CHANNEL, wrapped);
    },
  };
}
