import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The citizen's display window's preload: its own single CommonJS file (a sandboxed preload may require only
// 'electron'), built after the desk's into the same folder, which it must not empty.
export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../../dist/preload', import.meta.url)),
    emptyOutDir: false,
    target: 'node22',
    ssr: true,
    minify: false,
    lib: {
      entry: fileURLToPath(new URL('./display.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'display.cjs',
    },
    rollupOptions: { external: ['electron'], output: { codeSplitting: false } },
  },
  ssr: { noExternal: true },
});
