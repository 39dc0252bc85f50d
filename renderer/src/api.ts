import { createApi, type SportelloApi } from '../../core/contract/client';
import type { DisplayState } from '../../core/display/display-state';
import { websocketTransport } from './transport/websocket';

declare global {
  interface Window {
    /** Present inside the Electron app, built by the preload from the same contract. */
    readonly sportello?: SportelloApi;
    /** Inside the app, on the desk's window: where the citizen's display state goes (main validates it). */
    readonly sportelloDisplayFeed?: { publish(state: unknown): void };
  }
}

const TOKEN_KEY = 'sportello.hostToken';
const SESSION_KEY = 'sportello.hostSession';

/**
 * Inside Electron the preload has already put the typed API on window. In the browser host the page was
 * opened with `#token=…`, a one-time launch token: take it off the address bar, spend it on the first connection,
 * and keep the session secret the host answers with (this tab only) for reloads and reconnects, across a host
 * restart too.
 */
export function connectApi(onConnection: (up: boolean) => void): SportelloApi {
  if (window.sportello) {
    const feed = window.sportelloDisplayFeed;
    if (feed) displayPublisher = (state) => feed.publish(state);
    onConnection(true);
    return window.sportello;
  }
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const base = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const url = () => {
    const secret = sessionStorage.getItem(SESSION_KEY);
    if (secret) return `${base}?session=${encodeURIComponent(secret)}`;
    return `${base}?token=${encodeURIComponent(sessionStorage.getItem(TOKEN_KEY) ?? '')}`;
  };
  const onSession = (secret: string) => {
    sessionStorage.setItem(SESSION_KEY, secret);
    sessionStorage.removeItem(TOKEN_KEY);
  };
  const transport = websocketTransport(url, onConnection, onSession);
  displayPublisher = (state) => transport.publishDisplay(state);
  return createApi(transport);
}

/** Nowhere until connected: the browser host's socket, or the app's preload (the display window's feed). */
let displayPublisher: (state: DisplayState) => void = () => {};

/** Tells the citizen's display what to show (browser host: relayed to display pages only;
 * app: to the display window only). */
export function publishDisplay(state: DisplayState): void {
  displayPublisher(state);
}
