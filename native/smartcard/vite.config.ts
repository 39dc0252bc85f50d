import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import pkg from '../../package.json' with { type: 'json' };

// The device process for the packaged app: one CommonJS file run by Electron's utilityProcess. Runtime
// dependencies stay in node_modules (pkcs11js is a native addon and must).
const external = [
  ...Object.keys(pkg.dependencies),
  ...builtinModules,
  ...builtinModules.map((m) => `node:${m}`),
];

export default defineConfig({
  build: {
    outDir: fileURLToPath(new URL('../../dist/smartcard', import.meta.url)),
    emptyOutDir: true,
    target: 'node22',
    ssr: true,
    minify: false,
    sourcemap: true,
    lib: {
      entry: fileURLToPath(new URL('./device-main.ts', import.meta.url)),
      formats: ['cjs'],
      fileName: () => 'device.cjs',
    },
    rollupOptions: {
      external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
      output: { entryFileNames: 'device.cjs' },
    },
  },
});
