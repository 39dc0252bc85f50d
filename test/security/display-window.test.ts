import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { build } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { eventNames, methodNames } from '../../core/contract';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');

/** The options object of the one `new BrowserWindow({...})` in a file, as name → literal text. */
function windowOptions(file: string): { top: Map<string, string>; prefs: Map<string, string> } {
  const sf = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: ts.ObjectLiteralExpression[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isNewExpression(n) && n.expression.getText(sf) === 'BrowserWindow') {
      const arg = n.arguments?.[0];
      if (arg && ts.isObjectLiteralExpression(arg)) found.push(arg);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  expect(found, file).toHaveLength(1);
  const props = (o: ts.ObjectLiteralExpression) =>
    new Map(
      o.properties.map((p) => [
        p.name?.getText(sf) ?? '?',
        ts.isPropertyAssignment(p) ? p.initializer.getText(sf) : p.getText(sf),
      ]),
    );
  const top = props(found[0]!);
  const prefsNode = found[0]!.properties.find((p) => p.name?.getText(sf) === 'webPreferences');
  expect(
    prefsNode && ts.isPropertyAssignment(prefsNode) && ts.isObjectLiteralExpression(prefsNode.initializer),
  ).toBe(true);
  const prefs = props((prefsNode as ts.PropertyAssignment).initializer as ts.ObjectLiteralExpression);
  return { top, prefs };
}

describe('the citizen display window’s security (electron/main/display-window.ts)', () => {
  it('has exactly the desk window’s webPreferences, its own preload aside, and the default (hardened) session', () => {
    const desk = windowOptions('electron/main/window.ts');
    const display = windowOptions('electron/main/display-window.ts');
    const withoutPreload = (m: Map<string, string>) => [...m].filter(([k]) => k !== 'preload').sort();
    expect(withoutPreload(display.prefs)).toEqual(withoutPreload(desk.prefs));
    expect(display.prefs.get('contextIsolation')).toBe('true');
    expect(display.prefs.get('sandbox')).toBe('true');
    expect(display.prefs.get('nodeIntegration')).toBe('false');
    // A session of its own would escape hardenSessions (CSP on every answer, no permission, no navigation).
    for (const k of ['partition', 'session']) expect(display.prefs.has(k), k).toBe(false);
    expect(display.prefs.get('preload')).toBe('preloadPath');
    // The shell's own AST gate sees both windows, and passes them.
    const gate = spawnSync(process.execPath, ['scripts/webpreferences-check.js', 'electron'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(gate.status, gate.stderr).toBe(0);
    expect(gate.stdout).toContain('2 file(s) with webPreferences');
    // It never takes the clerk's keys, and cannot be left as a window the citizen could use.
    expect(display.top.get('focusable')).toBe('false');
    expect(display.top.get('kiosk')).toBe('true');
    // The page comes from the display origin, which no contract handler trusts.
    expect(read('electron/main/display-window.ts')).toContain(
      'loadURL(`${DISPLAY_ORIGIN}/index.html#display`)',
    );
  });

  describe('the display preload as built (vite, the same config as `npm run build:preload`)', () => {
    const out = mkdtempSync(join(tmpdir(), 'sportello-display-preload-'));
    afterAll(() => rmSync(out, { recursive: true, force: true }));

    it('exposes one name with one function, requires only electron, and carries nothing of the contract', async () => {
      await build({
        configFile: join(ROOT, 'electron/preload/vite.display.config.ts'),
        logLevel: 'silent',
        build: { outDir: out, emptyOutDir: true },
      });
      const bundle = readFileSync(join(out, 'display.cjs'), 'utf8');
      expect([...bundle.matchAll(/exposeInMainWorld\(\s*"([^"]+)"/g)].map((m) => m[1])).toEqual([
        'sportelloDisplay',
      ]);
      expect([...bundle.matchAll(/require\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
      // Channels: the display state and the ready message, nothing else.
      const channels = new Set([...bundle.matchAll(/"(display:[a-z]+)"/g)].map((m) => m[1]));
      expect([...channels].sort()).toEqual(['display:ready', 'display:state']);
      for (const name of [...methodNames, ...eventNames]) expect(bundle, name).not.toContain(`"${name}"`);
      expect(bundle).not.toMatch(/\binvoke\(/);
      expect(bundle.length).toBeLessThan(4000);
    }, 60_000);
  });
});
