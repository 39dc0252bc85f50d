import { createApi, type SportelloApi } from '../../core/contract/client';
import { isEventName, isMethodName, type MethodName, type Response } from '../../core/contract';

/** The part of `ipcRenderer` the bridge uses; typed structurally so the wiring can be tested without Electron. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * `window.sportello`: one namespace per contract domain, each function bound to one channel named by the
 * contract. Nothing generic is exposed, and listeners get the payload only, never the IPC event.
 */
export function buildBridge(ipc: IpcRendererLike): SportelloApi {
  return createApi({
    invoke: async (method: MethodName, input: unknown) => {
      if (!isMethodName(method)) return { ok: false, error: { code: 'INVALID_INPUT' } };
      return (await ipc.invoke(method, input)) as Response<MethodName>;
    },
    subscribe: (name, listener) => {
      if (!isEventName(name)) return () => {};
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(name, wrapped);
      return () => ipc.removeListener(name, wrapped);
    },
  });
}
