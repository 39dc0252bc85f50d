#!/usr/bin/env node
// The Electron shell's security gate, three checks that do not rest on one another:
// 1. Electronegativity on the shell's sources, read from its SARIF (JSON) report: a report that is missing,
//    truncated or not JSON fails the gate (the CSV report came out truncated in some runs, and a truncated row
//    lost its severity). SARIF carries no severity, so every finding, of any level, must be explained in
//    security/electronegativity-allow.json.
// 2. Our own AST check of every webPreferences (scripts/webpreferences-check.js).
// 3. The Electron version against the newest release of its major line, asked of the npm registry; offline
//    this is said loudly, never skipped silently (Electronegativity's own check is silent offline).
// Usage: node scripts/electronegativity-gate.js [--report file.sarif]  (--report: check a given report, tests)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const failures = [];

function sarifFindings(text) {
  const report = JSON.parse(text);
  const results = report?.runs?.[0]?.results;
  if (!Array.isArray(results)) throw new Error('no runs[0].results');
  return results.map((r) => {
    const file = r?.locations?.[0]?.physicalLocation?.artifactLocation?.uri;
    const line = r?.locations?.[0]?.physicalLocation?.region?.startLine;
    if (typeof r?.ruleId !== 'string' || typeof file !== 'string')
      throw new Error('a result without rule or file');
    return { issue: r.ruleId, level: r.level ?? '?', file, line };
  });
}

const given = process.argv.indexOf('--report');
/** @type {string | null} */
let text;
let toolOutput = '';
if (given > 0) {
  try {
    text = readFileSync(process.argv[given + 1], 'utf8');
  } catch {
    text = null;
  }
} else {
  const tool = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
  const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  const sarif = join(dir, 'report.sarif');
  const run = spawnSync(
    process.execPath,
    [tool, '-i', 'electron', '-e', electronVersion, '-o', sarif, '-r', '-v', 'false'],
    {
      encoding: 'utf8',
    },
  );
  toolOutput = `${run.stdout}\n${run.stderr}`;
  try {
    text = readFileSync(sarif, 'utf8');
  } catch {
    text = null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let findings = [];
if (text === null) failures.push(`electronegativity: no report produced\n${toolOutput}`);
else {
  try {
    findings = sarifFindings(text);
  } catch (err) {
    failures.push(
      `electronegativity: report unreadable (${err.message}): the gate cannot vouch for anything`,
    );
  }
}
const allow = JSON.parse(readFileSync('security/electronegativity-allow.json', 'utf8')).allow;
const unexplained = findings.filter((f) => !allow.some((a) => a.issue === f.issue && a.file === f.file));
const stale = allow.filter((a) => !findings.some((f) => a.issue === f.issue && a.file === f.file));
console.log(
  `electronegativity (Electron ${electronVersion}): ${findings.length} findings, ${findings.length - unexplained.length} explained in the allow-list`,
);
for (const f of findings)
  console.log(
    `  ${f.level.padEnd(8)} ${f.issue} ${f.file}:${f.line}${unexplained.includes(f) ? '  <-- NOT ALLOWED' : ''}`,
  );
for (const a of stale) console.log(`  allow-list entry no longer needed: ${a.issue} ${a.file}`);
if (unexplained.length > 0) failures.push(`electronegativity: ${unexplained.length} unexplained finding(s)`);

if (given < 0) {
  const ast = spawnSync(process.execPath, ['scripts/webpreferences-check.js', 'electron'], {
    encoding: 'utf8',
  });
  process.stdout.write(ast.stdout);
  if (ast.status !== 0) failures.push(ast.stderr.trim() || 'webPreferences check failed');

  const major = electronVersion.split('.')[0];
  const latest = spawnSync('npm', ['view', `electron@${major}`, 'version', '--json'], { encoding: 'utf8' });
  let versions;
  try {
    const v = JSON.parse(latest.stdout);
    versions = Array.isArray(v) ? v : [v];
  } catch {
    versions = [];
  }
  const newest = versions
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) =>
      a
        .split('.')
        .map(Number)
        .reduce((d, x, i) => d || x - Number(b.split('.')[i]), 0),
    )
    .at(-1);
  if (!newest)
    console.warn(
      `electron version: NOT CHECKED (npm registry unreachable): ${electronVersion} may lack security fixes`,
    );
  else if (newest !== electronVersion)
    failures.push(
      `electron ${electronVersion} is behind ${newest}, the newest ${major}.x: take it (security fixes)`,
    );
  else console.log(`electron version: ${electronVersion} is the newest ${major}.x`);
}

if (failures.length > 0) {
  for (const f of failures) console.error(f);
  process.exit(1);
}
