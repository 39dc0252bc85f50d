// The system's browser for the browser host's desk window: Chromium-family browsers open it in app mode (a
// window without tabs or address bar); Firefox, which has no app mode, in a new window.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const CHROMIUM_FAMILY = [
  'chromium',
  'chromium-browser',
  'google-chrome',
  'google-chrome-stable',
  'microsoft-edge',
  'msedge',
  'chrome',
];

function onPath(env, names) {
  const dirs = (env['PATH'] ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', ''] : [''];
  for (const n of names)
    for (const d of dirs)
      for (const e of exts) {
        const p = join(d, n + e);
        if (existsSync(p)) return { name: n, path: p };
      }
  return null;
}

function windowsBrowser(env) {
  const roots = [env['ProgramFiles(x86)'], env['ProgramFiles'], env['LOCALAPPDATA']].filter(Boolean);
  const rel = [
    ['Microsoft Edge', 'Microsoft\\Edge\\Application\\msedge.exe'],
    ['Google Chrome', 'Google\\Chrome\\Application\\chrome.exe'],
    ['Firefox', 'Mozilla Firefox\\firefox.exe'],
  ];
  for (const [name, r] of rel)
    for (const root of roots) if (existsSync(join(root, r))) return { name, path: join(root, r) };
  return null;
}

/** The browser to open, or null: SPORTELLO_BROWSER first, then the usual installs, Chromium family first. */
export function findBrowser(env) {
  const chosen = env['SPORTELLO_BROWSER'];
  if (chosen) return existsSync(chosen) ? { name: chosen, path: chosen } : null;
  if (process.platform === 'win32') return windowsBrowser(env);
  return onPath(env, CHROMIUM_FAMILY) ?? onPath(env, ['firefox']);
}

export function browserArgs(browser, url) {
  return /firefox/i.test(browser.path) ? ['--new-window', url] : [`--app=${url}`, '--no-first-run'];
}
