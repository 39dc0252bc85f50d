import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { resolveStatic } from '../host/static-files';
import { APP_HOST, APP_SCHEME, DISPLAY_HOST } from './origin';

/** Must run before `app.whenReady()`: app:// behaves as a secure, standard origin (for CSP 'self', storage). */
export function registerScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/**
 * Serves the built renderer from inside the app, with the same path rules as the browser host: to the desk's
 * origin, and to the citizen's display's (the same files; the page shows the display when opened there).
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const file =
      url.host === APP_HOST || url.host === DISPLAY_HOST ? resolveStatic(rendererDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
}
