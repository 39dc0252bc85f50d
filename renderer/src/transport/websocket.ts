import type { Transport } from '../../../core/contract/client';
import type { EventName, MethodName, Response } from '../../../core/contract';
import type { DisplayState } from '../../../core/display/display-state';

type Pending = { resolve: (r: Response<MethodName>) => void };

const UNAVAILABLE = { ok: false, error: { code: 'UNAVAILABLE' } } as const;

/**
 * The contract over the browser host's WebSocket. Reconnects with backoff; a call made while the socket is down
 * answers UNAVAILABLE at once rather than hanging the clerk's screen.
 */
export function websocketTransport(
  url: string | (() => string),
  onConnection?: (up: boolean) => void,
  onSession?: (secret: string) => void,
): Transport & { publishDisplay(state: DisplayState): void } {
  let ws: WebSocket | null = null;
  /** What the citizen's display shows, sent again on every (re)connection: a restarted host starts neutral. */
  let display: { state: DisplayState } | null = null;
  const sendDisplay = () => {
    if (display && ws?.readyState === WebSocket.OPEN)
      ws.send(JSON.stringify({ t: 'display', state: display.state }));
  };
  let nextId = 1;
  let delay = 250;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let ready: Promise<void>;

  const connect = () => {
    ready = new Promise<void>((resolve) => {
      const sock = new WebSocket(typeof url === 'string' ? url : url());
      ws = sock;
      sock.onopen = () => {
        delay = 250;
        sendDisplay();
        onConnection?.(true);
        resolve();
      };
      sock.onmessage = (ev) => {
        let frame: {
          t?: string;
          id?: number;
          response?: unknown;
          name?: string;
          payload?: unknown;
          secret?: unknown;
        };
        try {
          frame = JSON.parse(String(ev.data));
        } catch {
          return;
        }
        if (frame.t === 'result' && typeof frame.id === 'number') {
          pending.get(frame.id)?.resolve(frame.response as Response<MethodName>);
          pending.delete(frame.id);
        } else if (frame.t === 'session' && typeof frame.secret === 'string') {
          onSession?.(frame.secret);
        } else if (frame.t === 'event' && typeof frame.name === 'string') {
          listeners.get(frame.name)?.forEach((l) => l(frame.payload));
        }
      };
      sock.onclose = () => {
        onConnection?.(false);
        for (const p of pending.values()) p.resolve(UNAVAILABLE);
        pending.clear();
        resolve();
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 5000);
      };
    });
  };
  connect();

  return {
    publishDisplay(state) {
      display = { state };
      sendDisplay();
    },
    async invoke(method, input) {
      await ready;
      const sock = ws;
      if (!sock || sock.readyState !== WebSocket.OPEN) return UNAVAILABLE;
      const id = nextId++;
      return new Promise<Response<MethodName>>((resolve) => {
        pending.set(id, { resolve });
        sock.send(JSON.stringify({ t: 'call', id, method, payload: input }));
      });
    },
    subscribe(event: EventName, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
