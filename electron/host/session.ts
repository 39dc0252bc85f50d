import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, openSync, readFileSync, writeSync, closeSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Who may speak the contract over the browser host's socket.
 *
 * - The launch token (printed once, in the URL fragment) is single use: the first page to connect with it
 *   claims the desk's session and is handed the session secret in its first frame; the token is then spent,
 *   and a second page (or another local program that read the URL later) is refused with it.
 * - The session secret is what the claiming page presents on every later connection (reloads, reconnects).
 *   When a data folder is given it is kept there in a 0600 file, so a page left open across a host restart
 *   reconnects without a new URL; a new launch rotates nothing but prints a new launch token that again
 *   works once.
 * - The display token opens the citizen's display page: it may receive what the display shows and nothing
 *   else (every contract call is refused). It is derived from the kept secret (HMAC), so a display left open
 *   reconnects after a restart too, and it says nothing about the secret itself.
 */
export interface HostSession {
  readonly launchToken: string;
  /**
   * 'claim' when the launch token was presented and spent now, 'session' for the session secret, 'display'
   * for the display token, else null.
   */
  admit(params: URLSearchParams): 'claim' | 'session' | 'display' | null;
  readonly secret: string;
  readonly displayToken: string;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const SECRET = /^[A-Za-z0-9_-]{32,128}$/;

/** Reads the kept secret, or writes a fresh one (0600, atomically) when there is none or it is unreadable. */
function keptSecret(file: string | undefined): string {
  if (file) {
    try {
      const text = readFileSync(file, 'utf8').trim();
      if (SECRET.test(text)) {
        chmodSync(file, 0o600);
        return text;
      }
    } catch {
      // No file yet (or unreadable): write a new one below.
    }
  }
  const secret = randomBytes(32).toString('base64url');
  if (file) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, secret);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  }
  return secret;
}

export function hostSession(secretFile?: string): HostSession {
  const launchToken = randomBytes(24).toString('base64url');
  const secret = keptSecret(secretFile);
  const displayToken = createHmac('sha256', secret).update('sportello display').digest('base64url');
  let claimed = false;
  return {
    launchToken,
    secret,
    displayToken,
    admit(params) {
      const display = params.get('display');
      if (display !== null) return same(display, displayToken) ? 'display' : null;
      const session = params.get('session');
      if (session !== null) return same(session, secret) ? 'session' : null;
      const token = params.get('token');
      if (token === null || claimed || !same(token, launchToken)) return null;
      claimed = true;
      return 'claim';
    },
  };
}
