#!/usr/bin/env node
// `npm run bench [filter]`: runs every bench/*.bench.ts (through tsx, with the project's Node), collects the
// report each prints, and writes one table with conditions and baselines to stdout and bench/results/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PREFIX = 'BENCH-REPORT ';
const filter = process.argv[2] ?? '';
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && f.includes(filter))
  .sort();
const reports = [];
let failed = 0;
for (const f of files) {
  process.stderr.write(`bench: ${f}\n`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', join('bench', f)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
    timeout: 15 * 60 * 1000,
  });
  const lines = r.stdout.split('\n').filter((l) => l.startsWith(PREFIX));
  if (r.status !== 0 || lines.length === 0) {
    failed++;
    process.stderr.write(`bench: ${f} failed (exit ${r.status})\n`);
    continue;
  }
  for (const l of lines) reports.push(JSON.parse(l.slice(PREFIX.length)));
}

const fmt = (n) =>
  Number.isInteger(n) ? n.toLocaleString('en-US') : n.toLocaleString('en-US', { maximumFractionDigits: 3 });
const out = [];
for (const r of reports) {
  out.push(`\n## ${r.bench}`);
  out.push(
    `conditions: ${Object.entries(r.conditions)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}`,
  );
  out.push('| figure | value | baseline (same run) | goal |');
  out.push('|---|---|---|---|');
  for (const f of r.figures) {
    const base = f.baseline ? `${f.baseline.name}: ${fmt(f.baseline.value)} ${f.baseline.unit}` : '';
    const goal = f.goal ? `${f.goal} ${f.met === undefined ? '' : f.met ? '(met)' : '(NOT met)'}` : '';
    out.push(`| ${f.name} | ${fmt(f.value)} ${f.unit} | ${base} | ${goal} |`);
  }
}
console.log(out.join('\n'));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/latest.json',
  JSON.stringify({ at: new Date().toISOString(), reports }, null, 2),
);
writeFileSync('bench/results/latest.md', out.join('\n') + '\n');
process.exit(failed > 0 ? 1 : 0);
