/**
 * The UI's Content-Security-Policy, one definition for the Electron window (response header on app://) and the
 * browser host (HTTP header); index.html carries the same as a meta tag for defence in depth.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
