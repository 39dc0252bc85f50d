import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vite';
import pkg from '../package.json' with { type: 'json' };

/**
 * One Node-side entry (Electron main, the smart card device process, the browser host) bundled into a single
 * file. Project sources are inlined; runtime dependencies stay in node_modules (native addons must).
 */
export function nodeEntry(options: {
  entry: string;
  outDir: string;
  fileName: string;
  format: 'cjs' | 'es';
  extraExternal?: string[];
}): UserConfig {
  const external = [
    ...(options.extraExternal ?? []),
    ...Object.keys(pkg.dependencies),
    ...builtinModules,
    ...builtinModules.map((m) => `node:${m}`),
  ];
  return {
    build: {
      outDir: fileURLToPath(options.outDir),
      emptyOutDir: true,
      target: 'node22',
      ssr: true,
      minify: false,
      sourcemap: true,
      lib: {
        entry: fileURLToPath(options.entry),
        formats: [options.format],
        fileName: () => options.fileName,
      },
      rollupOptions: {
        external: (id) => external.some((e) => id === e || id.startsWith(`${e}/`)),
        output: { entryFileNames: options.fileName },
      },
    },
  };
}
