import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = tempDir('sportello-gate-');
afterAll(() => dir.remove());
const node = (...args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });

const WINDOW = (prefs: string) => `import { BrowserWindow } from 'electron';
export const w = () => new BrowserWindow({ webPreferences: { ${prefs} } });\n`;
const GOOD =
  'contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, experimentalFeatures: false, webviewTag: false';

describe('the Electron shell gate', () => {
  it('our AST check passes the real shell and refuses nodeIntegration: true with sandbox: false', () => {
    expect(node('scripts/webpreferences-check.js', 'electron').status).toBe(0);
    const bad = join(dir.path, 'bad');
    mkdirSync(bad);
    writeFileSync(
      join(bad, 'window.ts'),
      WINDOW(
        GOOD.replace('sandbox: true', 'sandbox: false').replace(
          'nodeIntegration: false',
          'nodeIntegration: true',
        ),
      ),
    );
    const r = node('scripts/webpreferences-check.js', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('nodeIntegration: true is forbidden');
    expect(r.stderr).toContain('sandbox: false is forbidden');
    // A spread could override what is written; a missing value is not a default we rely on.
    const spread = join(dir.path, 'spread');
    mkdirSync(spread);
    writeFileSync(join(spread, 'window.ts'), WINDOW(`${GOOD.replace(', webviewTag: false', '')}, ...extra`));
    const s = node('scripts/webpreferences-check.js', spread);
    expect(s.status).toBe(1);
    expect(s.stderr).toContain('must not spread');
    expect(s.stderr).toContain('webviewTag must be false');
  });

  it('fails on a missing, truncated or non-JSON Electronegativity report, and on an unexplained finding', () => {
    const good = {
      runs: [
        {
          results: [
            {
              ruleId: 'PRELOAD_JS_CHECK',
              level: 'note',
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: 'main/window.ts' },
                    region: { startLine: 15 },
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const file = (name: string, text: string) => {
      writeFileSync(join(dir.path, name), text);
      return join(dir.path, name);
    };
    const full = JSON.stringify(good);
    expect(node('scripts/electronegativity-gate.js', '--report', file('ok.sarif', full)).status).toBe(0);
    for (const [name, text] of [
      ['truncated.sarif', full.slice(0, full.length - 40)],
      ['csv.sarif', 'PRELOAD_JS_CHECK,MEDIUM,TENTATIVE,main/window.ts'],
      ['empty.sarif', ''],
    ] as const) {
      const r = node('scripts/electronegativity-gate.js', '--report', file(name, text));
      expect(r.status, name).toBe(1);
      expect(r.stderr, name).toContain('unreadable');
    }
    expect(node('scripts/electronegativity-gate.js', '--report', join(dir.path, 'none.sarif')).status).toBe(
      1,
    );
    const finding = structuredClone(good);
    finding.runs[0]!.results.push({
      ...good.runs[0]!.results[0]!,
      ruleId: 'NODE_INTEGRATION_JS_CHECK',
      level: 'warning',
    });
    const u = node(
      'scripts/electronegativity-gate.js',
      '--report',
      file('finding.sarif', JSON.stringify(finding)),
    );
    expect(u.status).toBe(1);
    expect(u.stdout).toContain('NODE_INTEGRATION_JS_CHECK main/window.ts:15  <-- NOT ALLOWED');
  });
});
