import { defineConfig } from 'vite';
import { nodeEntry } from '../../build-config/vite-node.ts';

// Main process: CommonJS for Electron.
export default defineConfig(
  nodeEntry({
    entry: new URL('./index.ts', import.meta.url).href,
    outDir: new URL('../../dist/main', import.meta.url).href,
    fileName: 'index.cjs',
    format: 'cjs',
    extraExternal: ['electron'],
  }),
);
