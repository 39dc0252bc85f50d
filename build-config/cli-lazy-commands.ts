import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

interface CommandMeta {
  name: string;
  summary: string;
  usage: string;
  options: unknown;
}

/** `import { a, b } from './x';` lines of the registry: identifier → module specifier. */
function importedFrom(source: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const m of source.matchAll(/^import\s*\{([^}]+)\}\s*from\s*'(\.\/[^']+)';/gm)) {
    for (const id of m[1]!
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean))
      map.set(id, m[2]!);
  }
  return map;
}

/** The identifiers of `export const commands ... = [ a, b, ... ];`, in order. */
function listedCommands(source: string): string[] | null {
  const m = /export const commands[^=]*=\s*\[([^\]]*)\];/m.exec(source);
  if (!m) return null;
  return m[1]!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The CLI registry (electron/cli/commands/index.ts) imports every command, and with it every service: loading
 * it all costs a few hundred ms before any command runs. In the bundle each command becomes its metadata (read
 * from the real registry at build time) plus a `run` that imports the command's own chunk on first use, so
 * `sportello cf X` loads the fiscal code rules and nothing of PDF, SQLite or the printers. Commands keep being
 * registered the usual way (an import and an entry in the array); a registry this plugin cannot read is left
 * as it is, which is slower but still right.
 */
export function lazyCliCommands(registry: URL): Plugin {
  const file = fileURLToPath(registry);
  return {
    name: 'sportello-lazy-cli-commands',
    enforce: 'pre',
    async transform(code, id) {
      if (id !== file) return null;
      const imports = importedFrom(code);
      const listed = listedCommands(code);
      const otherExports = (code.match(/^export /gm) ?? []).length !== 1;
      if (!listed || otherExports || !listed.every((i) => imports.has(i))) {
        this.warn('registro dei comandi non riconosciuto: la CLI li carica tutti all’avvio');
        return null;
      }
      const { tsImport } = await import('tsx/esm/api');
      const real = (await tsImport(registry.href, import.meta.url)) as { commands: CommandMeta[] };
      if (real.commands.length !== listed.length) {
        this.warn('registro dei comandi non riconosciuto: la CLI li carica tutti all’avvio');
        return null;
      }
      const entries = listed.map((idName, i) => {
        const c = real.commands[i]!;
        const meta = { name: c.name, summary: c.summary, usage: c.usage, options: c.options };
        return `  lazy(${JSON.stringify(meta)}, () => import(${JSON.stringify(imports.get(idName))}).then((m) => m.${idName})),`;
      });
      return {
        code: [
          `const lazy = (meta, load) => ({ ...meta, run: async (args, io) => (await load()).run(args, io) });`,
          `export const commands = [`,
          ...entries,
          `];`,
        ].join('\n'),
        map: null,
      };
    },
  };
}
