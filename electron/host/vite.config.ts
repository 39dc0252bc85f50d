import { defineConfig } from 'vite';
import { nodeEntry } from '../../build-config/vite-node.ts';

// The browser host as one ES module: starts without compiling TypeScript, forks the built device process.
export default defineConfig(
  nodeEntry({
    entry: new URL('./main.ts', import.meta.url).href,
    outDir: new URL('../../dist/host', import.meta.url).href,
    fileName: 'main.js',
    format: 'es',
  }),
);
