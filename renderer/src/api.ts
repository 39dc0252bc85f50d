import { createApi, type SportelloApi } from '../../core/contract/client';
import { websocketTransport } from './transport/websocket';

declare global {
  interface Window {
    /** Present inside the Electron app, built by the preload from the same contract. */
    readonly sportello?: SportelloApi;
  }
}

const TOKEN_KEY = 'sportello.hostToken';

/**
 * Inside Electron the preload has already put the typed API on window. In the browser host the page was
 * opened with `#token=…`: keep the token for reloads in this tab only, take it off the address bar, and speak
 * over the WebSocket.
 */
export function connectApi(onConnection: (up: boolean) => void): SportelloApi {
  if (window.sportello) {
    onConnection(true);
    return window.sportello;
  }
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname);
  }
  const token = sessionStorage.getItem(TOKEN_KEY) ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws?token=${encodeURIComponent(token)}`;
  return createApi(websocketTransport(url, onConnection));
}
