import { afterAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../../core/contract';
import { wireIpc, type IpcInvokeEventLike, type IpcMainLike } from '../../../electron/main/ipc';
import { isTrustedUrl } from '../../../electron/main/origin';
import { buildBridge, type IpcRendererLike } from '../../../electron/preload/bridge';
import { createTestDesk } from '../../support/desk';

/**
 * Stand-ins for Electron's ipcMain / ipcRenderer (the Electron binary cannot run here): plain maps that record
 * what the shell registers, so the real wiring code and the real desk are exercised end to end.
 */
class StandInIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, (e: IpcInvokeEventLike, p: unknown) => Promise<unknown>>();
  handle(channel: string, listener: (e: IpcInvokeEventLike, p: unknown) => Promise<unknown>) {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

const t = createTestDesk();
afterAll(() => t.dispose());

describe('Electron shell wiring (with IPC stand-ins)', () => {
  const ipc = new StandInIpcMain();
  const sent: [string, unknown][] = [];
  const unwire = wireIpc(ipc, t.desk, isTrustedUrl, () => ({
    send: (c, p) => sent.push([c, p]),
    isDestroyed: () => false,
  }));
  const fromApp: IpcInvokeEventLike = { senderFrame: { url: 'app://desk/index.html' } };

  it('registers exactly one handler per contract method', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([...methodNames].sort());
  });

  it('answers the desk page and refuses any other sender', async () => {
    const h = ipc.handlers.get('noticeNumber.parse')!;
    expect(await h(fromApp, { nav: '301000000000012373' })).toMatchObject({ ok: true });
    for (const url of ['https://evil.example/', 'file:///etc/passwd', 'app://other/index.html', '']) {
      expect(await h({ senderFrame: { url } }, { nav: '301000000000012373' })).toEqual({
        ok: false,
        error: { code: 'INVALID_INPUT', details: { reason: 'UNTRUSTED_SENDER' } },
      });
    }
    expect(await h({ senderFrame: null }, {})).toMatchObject({ ok: false });
  });

  it('validates payloads behind IPC like everywhere else', async () => {
    expect(await ipc.handlers.get('fiscalCode.decode')!(fromApp, { code: 42 })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
  });

  it('forwards desk events to the window', async () => {
    await ipc.handlers.get('identity.fromFiscalCode')!(fromApp, { code: 'RSSMRA80A01H501U' });
    expect(sent.find(([c]) => c === 'identity.changed')?.[1]).toMatchObject({
      fiscalCode: 'RSSMRA80A01H501U',
    });
  });

  it('unwires cleanly', () => {
    unwire();
    expect(ipc.handlers.size).toBe(0);
  });
});

describe('preload bridge (with an ipcRenderer stand-in)', () => {
  const invoked: string[] = [];
  const listeners = new Map<string, (e: unknown, ...a: unknown[]) => void>();
  const ipcRenderer: IpcRendererLike = {
    invoke: async (channel) => {
      invoked.push(channel);
      return { ok: true, value: null };
    },
    on: (channel, l) => listeners.set(channel, l),
    removeListener: (channel) => listeners.delete(channel),
  };
  const api = buildBridge(ipcRenderer);

  it('calls the channel named by the contract', async () => {
    await api.identity.current();
    expect(invoked).toEqual(['identity.current']);
  });

  it('hands listeners the payload only, never the IPC event', () => {
    const got: unknown[][] = [];
    const off = api.identity.onChanged((...args: unknown[]) => got.push(args));
    listeners.get('identity.changed')!({ sender: 'raw-event' }, { fiscalCode: 'X' });
    expect(got).toEqual([[{ fiscalCode: 'X' }]]);
    off();
    expect(listeners.has('identity.changed')).toBe(false);
  });
});
