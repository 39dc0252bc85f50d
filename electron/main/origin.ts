/** The desk's page is served from this origin only; IPC and navigation trust nothing else. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/**
 * The citizen's display: the same built page, from an origin of its own, so that nothing that trusts the desk's
 * origin (every contract method behind IPC) ever answers it.
 */
export const DISPLAY_HOST = 'display';
export const DISPLAY_ORIGIN = `${APP_SCHEME}://${DISPLAY_HOST}`;

function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` ? u.host : null;
  } catch {
    return null;
  }
}

export function isTrustedUrl(url: string): boolean {
  return hostOf(url) === APP_HOST;
}

/** The display window's page (app://display/…): it may ask for the display state, nothing else. */
export function isDisplayUrl(url: string): boolean {
  return hostOf(url) === DISPLAY_HOST;
}
