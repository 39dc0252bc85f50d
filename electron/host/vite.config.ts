import { defineConfig } from 'vite';
import { birthplacesAsset } from '../../build-config/birthplaces-asset.ts';
import { nodeEntry } from '../../build-config/vite-node.ts';

// The browser host as ES modules: starts without compiling TypeScript, forks the built device process. The entry
// turns on V8's code cache and loads the desk (a chunk beside it); the Belfiore places are decoded at build time
// so the first minute of the desk does not spend a core decoding them.
const base = nodeEntry({
  entry: new URL('./start.ts', import.meta.url).href,
  outDir: new URL('../../dist/host', import.meta.url).href,
  fileName: 'main.js',
  format: 'es',
});
export default defineConfig({ ...base, plugins: [birthplacesAsset()] });
