import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// A sandboxed preload may require only 'electron': everything else (the contract) is bundled into one
// CommonJS file, built on its own so that no shared chunk has to be required.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../../dist/preload', import.meta.url)),
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('./index.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'index.cjs',
    },
    rollupOptions: { external: ['electron'], output: { codeSplitting: false } },
  },
  ssr: { noExternal: true },
});
