#!/usr/bin/env node
// `npm test`: everything CI runs, in order, each step timed. Every step runs even after a failure so one
// run shows every problem; the exit code is non-zero if any step failed. The last line counts the tests of
// vitest and Playwright together in the plain "N passed, N failed, N skipped" form.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

mkdirSync('artifacts', { recursive: true });
const VITEST_JSON = 'artifacts/vitest.json';
const E2E_JSON = 'artifacts/e2e/report.json';
rmSync(VITEST_JSON, { force: true });
rmSync(E2E_JSON, { force: true });

const steps = [
  ['lint (eslint)', 'npx', ['eslint', '.']],
  ['format (prettier)', 'npx', ['prettier', '--check', '.']],
  ['layer rules (dependency-cruiser)', 'npm', ['run', '--silent', 'layers']],
  ['typecheck', 'npm', ['run', '--silent', 'typecheck']],
  ['build', 'npm', ['run', '--silent', 'build']],
  [
    'unit + integration (vitest)',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_JSON}`],
  ],
  ['e2e (Playwright + Chromium)', 'npx', ['playwright', 'test']],
  ['security (electronegativity)', 'npm', ['run', '--silent', 'security']],
  ['packaging (electron-builder)', 'npm', ['run', '--silent', 'package:check']],
];

const results = [];
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name}`);
  const start = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, FORCE_COLOR: '0' } });
  const seconds = ((Date.now() - start) / 1000).toFixed(1);
  results.push({ name, ok: r.status === 0, seconds });
  console.log(`=== ${name}: ${r.status === 0 ? 'ok' : `FAILED (exit ${r.status})`} in ${seconds} s`);
}

const counts = { passed: 0, failed: 0, skipped: 0 };
if (existsSync(VITEST_JSON)) {
  const v = JSON.parse(readFileSync(VITEST_JSON, 'utf8'));
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += v.numFailedTests ?? 0;
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
}
if (existsSync(E2E_JSON)) {
  const s = JSON.parse(readFileSync(E2E_JSON, 'utf8')).stats ?? {};
  counts.passed += (s.expected ?? 0) + (s.flaky ?? 0);
  counts.failed += s.unexpected ?? 0;
  counts.skipped += s.skipped ?? 0;
}

console.log('\nSummary');
for (const r of results) console.log(`  ${r.ok ? 'ok    ' : 'FAILED'} ${r.name} (${r.seconds} s)`);
const failedSteps = results.filter((r) => !r.ok).length;
if (failedSteps > 0) console.log(`${failedSteps} step(s) failed`);
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(failedSteps > 0 || counts.failed > 0 ? 1 : 0);
