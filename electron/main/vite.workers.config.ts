import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { nodeEntry } from '../../build-config/vite-node.ts';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The import's worker threads beside the main process's bundle (dist/main), where `Sportello --cli import` (the
// main process running the CLI) looks for them: the packaged app has neither the TypeScript sources nor tsx
// (electron/services/platform/tsx.ts, threadEntry). ES modules (.mjs: the workers await at top level, which
// CommonJS cannot), built after index.cjs without emptying the folder.
const base = nodeEntry({
  entry: new URL('../services/positions/import-worker.ts', import.meta.url).href,
  outDir: new URL('../../dist/main', import.meta.url).href,
  fileName: 'import-worker.mjs',
  format: 'es',
});
export default defineConfig({
  ...base,
  build: {
    ...base.build,
    emptyOutDir: false,
    sourcemap: false,
    lib: {
      entry: {
        'import-worker': src('../services/positions/import-worker.ts'),
        'read-import-thread': src('../connectors/file/read-import-thread.ts'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.mjs`,
    },
    rollupOptions: {
      ...base.build?.rollupOptions,
      output: { entryFileNames: '[name].mjs', chunkFileNames: 'worker-[name]-[hash].mjs' },
    },
  },
});
