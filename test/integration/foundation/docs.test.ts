import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { commands } from '../../../electron/cli/commands';
import { IMPORT_ROW_REASONS } from '../../../electron/cli/messages/import-rows';
import { runCli } from '../../../electron/cli/run';
import { parseConfig } from '../../../electron/services/config/load';
import { tempDir } from '../../support/temp';

// Every example in the docs is run: import rows are imported, configuration snippets validated by the schema,
// commands checked against the CLI's own commands and options (and the harmless ones run).
const root = join(import.meta.dirname, '..', '..', '..');
const read = (p: string) => readFileSync(join(root, p), 'utf8');
const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));

/** The fenced blocks of a Markdown file with the given info string. */
function blocks(md: string, lang: string): string[] {
  return [...md.matchAll(new RegExp('^```' + lang + '\\n([\\s\\S]*?)^```', 'gm'))].map((m) => m[1]!);
}

async function cli(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('docs are true', () => {
  it('docs/import-format.md: both examples (CSV and JSON Lines) import with no error, into what sqlite3 reads back', async () => {
    const md = read('docs/import-format.md');
    const examples = [
      ['example.csv', blocks(md, 'csv')],
      ['example.jsonl', blocks(md, 'jsonl')],
    ] as const;
    for (const [name, found] of examples) {
      expect(found).toHaveLength(1);
      const d = tempDir('sportello-docs-');
      dirs.push(d);
      const env = { ...process.env, SPORTELLO_DATA_DIR: d.path, SPORTELLO_ADMIN_CONFIG: '' };
      const file = join(d.path, name);
      writeFileSync(file, found[0]!);
      const dry = await cli(env, 'import', file, '--dry-run', '--json');
      expect(JSON.parse(dry.out)).toMatchObject({ rows: 2, positions: 1, errorCount: 0 });
      const real = await cli(env, 'import', file);
      expect(real.code).toBe(0);
      expect(real.out).toContain('2 righe, 1 posizione, 0 errori — importato.');
      const rows = execFileSync(
        'sqlite3',
        [
          join(d.path, 'sportello.sqlite'),
          'SELECT count(*) FROM payment_options; SELECT count(*) FROM positions;',
        ],
        {
          encoding: 'utf8',
        },
      );
      expect(rows.trim().split('\n')).toEqual(['2', '1']);
    }
  });

  it('docs/import-format.md lists exactly the row reasons the importer gives (from its sources)', () => {
    const md = read('docs/import-format.md');
    const section = md.slice(md.indexOf('## Error reasons'));
    const listed = new Set([...section.matchAll(/`([A-Z_]+)`/g)].map((m) => m[1]!));
    const rowType = read('core/positions/import-row.ts').match(/export type ImportRowReason =([^;]+);/)![1]!;
    const fromCore = [...rowType.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]!);
    const fromReader = readdirSync(join(root, 'electron/connectors/file'))
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) => {
        const src = read(`electron/connectors/file/${f}`);
        // A reason given with the INTERNAL code (the reader thread failed) is not a problem of the file.
        return [...src.matchAll(/reason: '([A-Z_]+)'/g)]
          .filter((m) => !src.slice(Math.max(0, m.index - 80), m.index).includes("'INTERNAL'"))
          .map((m) => m[1]!);
      });
    const given = new Set([...fromCore, ...fromReader]);
    for (const r of given) expect(listed, `${r} is given but not documented`).toContain(r);
    for (const r of IMPORT_ROW_REASONS) expect(listed, `${r} is explained but not documented`).toContain(r);
    expect(fromCore.length).toBeGreaterThan(5);
  });

  it('every JSON configuration snippet in docs/deploying.md is valid for the schema', () => {
    const snippets = blocks(read('docs/deploying.md'), 'json');
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    for (const s of snippets) expect(() => parseConfig(JSON.parse(s), 'docs/deploying.md')).not.toThrow();
  });

  it('every sportello command in the docs exists and takes the options shown', () => {
    const lines = docs.flatMap((f) =>
      ['sh', 'bat', 'text']
        .flatMap((l) => blocks(read(f), l))
        .flatMap((b) => b.split('\n').map((line) => ({ f, line }))),
    );
    const invocations = lines
      .map(({ f, line }) => ({
        f,
        m: /(?:^|[\s/\\])(?:npx )?sportello(?:\.exe"?)? (?:--cli )?(\w+)(.*)$/i.exec(line),
      }))
      .filter((x) => x.m && !/^(Setup|Uninstall)/.test(x.m[1]!));
    expect(invocations.length).toBeGreaterThanOrEqual(6);
    for (const { f, m } of invocations) {
      const cmd = commands.find((c) => c.name === m![1]);
      expect(cmd, `${f}: sportello ${m![1]}`).toBeDefined();
      const args = m![2]!.trim().split(/\s+/).filter(Boolean);
      expect(() =>
        parseArgs({
          args,
          options: { ...cmd!.options, json: { type: 'boolean' } },
          allowPositionals: true,
          strict: true,
        }),
      ).not.toThrow();
    }
  });

  it("README's CLI table names every command, and its runnable examples run", async () => {
    const readme = read('README.md');
    for (const c of commands) expect(readme, c.name).toMatch(new RegExp('`sportello ' + c.name + '\\b'));
    const env = { ...process.env, SPORTELLO_ADMIN_CONFIG: '' };
    expect((await cli(env, 'cf', 'RSSMRA80A01H501U')).code).toBe(0);
    expect((await cli(env, 'nav', '301000000000012373')).code).toBe(0);
  });

  it("README's test prerequisites are exactly the packages .ci/run installs", () => {
    const ci = /PACKAGES=\(([^)]*)\)/.exec(read('.ci/run'))![1]!.trim().split(/\s+/);
    const readme = read('README.md');
    const listed = /exactly what `\.ci\/run` installs:\s*`([^`]+)`/.exec(readme)![1]!.trim().split(/\s+/);
    expect([...listed].sort()).toEqual([...ci].sort());
  });
});
