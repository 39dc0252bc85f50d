import { displayStateSchema, type DisplayState } from '../../../core/display/display-state';

const TOKEN_KEY = 'sportello.displayToken';

declare global {
  interface Window {
    /** Present in the app's display window only: its preload's one function (electron/preload/display.ts). */
    readonly sportelloDisplay?: { subscribe(listener: (state: unknown) => void): () => void };
  }
}

/** Whether this page was opened as the citizen's display (`#display=…`, or kept for reloads in this tab). */
export function isDisplayPage(): boolean {
  return (
    window.sportelloDisplay !== undefined ||
    new URLSearchParams(location.hash.slice(1)).has('display') ||
    sessionStorage.getItem(TOKEN_KEY) !== null
  );
}

/**
 * The display page's only link to the desk: a socket with the display-only token, which receives what to
 * show and can call nothing. Every frame is validated; when the link drops the screen goes neutral at once
 * (a display cut off from the desk cannot know the citizen has gone).
 */
export function connectDisplay(onState: (state: DisplayState, connected: boolean) => void): void {
  // In the app's display window the preload hands the state over IPC; it is validated here all the same.
  const fromApp = window.sportelloDisplay;
  if (fromApp) {
    fromApp.subscribe((raw) => {
      const parsed = displayStateSchema.safeParse(raw);
      onState(parsed.success ? parsed.data : null, true);
    });
    return;
  }
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('display');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?display=${encodeURIComponent(token)}`;
  let delay = 250;
  const connect = () => {
    const ws = new WebSocket(url);
    ws.onopen = () => (delay = 250);
    ws.onmessage = (ev) => {
      let frame: { t?: unknown; state?: unknown };
      try {
        frame = JSON.parse(String(ev.data));
      } catch {
        return;
      }
      if (frame.t !== 'display') return;
      const parsed = displayStateSchema.safeParse(frame.state);
      onState(parsed.success ? parsed.data : null, true);
    };
    ws.onclose = () => {
      onState(null, false);
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 5000);
    };
  };
  connect();
}
