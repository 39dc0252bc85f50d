import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { birthplacesAsset } from '../../build-config/birthplaces-asset.ts';
import { lazyCliCommands } from '../../build-config/cli-lazy-commands.ts';
import { nodeEntry } from '../../build-config/vite-node.ts';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// The admin CLI as ES modules that start without compiling TypeScript (bin/sportello.js builds it when missing
// or older than the sources). Worker threads are entries of their own: they find their built sibling beside
// the bundle (electron/services/platform/tsx.ts, threadEntry). Chunks sit beside the entries, so a module that
// looks for a file beside itself (birthplaces.json) finds it wherever rollup put that module.
const base = nodeEntry({
  entry: new URL('./main.ts', import.meta.url).href,
  outDir: new URL('../../dist/cli', import.meta.url).href,
  fileName: 'main.js',
  format: 'es',
});
export default defineConfig({
  ...base,
  plugins: [lazyCliCommands(new URL('./commands/index.ts', import.meta.url)), birthplacesAsset()],
  build: {
    ...base.build,
    sourcemap: false,
    lib: {
      entry: {
        main: src('./main.ts'),
        'import-worker': src('../services/positions/import-worker.ts'),
        'read-import-thread': src('../connectors/file/read-import-thread.ts'),
      },
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rollupOptions: {
      ...base.build?.rollupOptions,
      output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
    },
  },
});
