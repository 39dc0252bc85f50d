#!/usr/bin/env node
// Runs Electronegativity on the Electron shell's TypeScript sources and fails on any finding of MEDIUM or above
// that is not explained in security/electronegativity-allow.json. The tool itself always exits 0 and skips .cjs
// files, so the gate reads its CSV report instead of its exit code.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const tool = join(require.resolve('@doyensec/electronegativity/package.json'), '..', 'dist', 'index.js');
const dir = mkdtempSync(join(tmpdir(), 'electronegativity-'));
const csv = join(dir, 'report.csv');

const run = spawnSync(
  process.execPath,
  [tool, '-i', 'electron', '-e', electronVersion, '-o', csv, '-r', '-v', 'false'],
  {
    encoding: 'utf8',
  },
);
let text;
try {
  text = readFileSync(csv, 'utf8');
} catch {
  console.error(`electronegativity: no report produced\n${run.stdout}\n${run.stderr}`);
  process.exit(1);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const parseLine = (line) =>
  [...line.matchAll(/("([^"]*)"|[^,]*)(,|$)/g)].map((m) => m[2] ?? m[1]).slice(0, 8);
const findings = text
  .trim()
  .split('\n')
  .slice(1)
  .filter(Boolean)
  .map((l) => {
    const [issue, severity, confidence, file, location] = parseLine(l);
    return { issue, severity, confidence, file, location };
  });
const allow = JSON.parse(readFileSync('security/electronegativity-allow.json', 'utf8')).allow;
const serious = findings.filter((f) => ['MEDIUM', 'HIGH', 'CRITICAL'].includes(f.severity));
const unexplained = serious.filter((f) => !allow.some((a) => a.issue === f.issue && a.file === f.file));
const stale = allow.filter((a) => !serious.some((f) => a.issue === f.issue && a.file === f.file));

console.log(
  `electronegativity ${electronVersion}: ${findings.length} findings, ${serious.length} MEDIUM or above, ${serious.length - unexplained.length} explained in the allow-list`,
);
for (const f of findings)
  console.log(
    `  ${f.severity.padEnd(8)} ${f.issue} ${f.file}:${f.location}${unexplained.includes(f) ? '  <-- NOT ALLOWED' : ''}`,
  );
for (const a of stale) console.log(`  allow-list entry no longer needed: ${a.issue} ${a.file}`);
if (unexplained.length > 0) {
  console.error(`electronegativity: ${unexplained.length} unexplained finding(s) of MEDIUM or above`);
  process.exit(1);
}
