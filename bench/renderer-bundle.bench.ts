/**
 * Renderer bundle size (gzip) of the desk shell, against a bare Vue app built by the same Vite version and
 * settings in the same run. Goal from the foundation issue: <= 250 KB gzip.
 */
import vue from '@vitejs/plugin-vue';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { tempDir } from '../test/support/temp';
import { machineConditions, report } from './lib/report';

function gzipTotal(dir: string): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(js|css|html)$/.test(name)) {
        const buf = readFileSync(p);
        raw += buf.length;
        gzip += gzipSync(buf, { level: 9 }).length;
      }
    }
  };
  walk(dir);
  return { raw, gzip };
}

const desk = tempDir('bench-ui-');
await build({
  configFile: 'renderer/vite.config.ts',
  logLevel: 'silent',
  build: { outDir: desk.path, emptyOutDir: true },
});
const deskSize = gzipTotal(desk.path);

const bare = tempDir('bench-bare-');
mkdirSync(join(bare.path, 'src'));
writeFileSync(
  join(bare.path, 'index.html'),
  '<!doctype html><div id="app"></div><script type="module" src="/src/main.ts"></script>',
);
writeFileSync(
  join(bare.path, 'src', 'main.ts'),
  "import { createApp, h } from 'vue';\ncreateApp({ render: () => h('p', 'ciao') }).mount('#app');\n",
);
await build({
  root: bare.path,
  configFile: false,
  logLevel: 'silent',
  plugins: [vue()],
  resolve: { alias: { vue: join(process.cwd(), 'node_modules', 'vue') } },
  build: { outDir: join(bare.path, 'dist'), target: 'chrome120' },
});
const bareSize = gzipTotal(join(bare.path, 'dist'));
desk.remove();
bare.remove();

const kb = (n: number) => Math.round(n / 102.4) / 10;
report({
  bench: 'renderer-bundle',
  conditions: { ...machineConditions(), vite: '8.3.8', target: 'chrome120', gzip: 'level 9, js+css+html' },
  figures: [
    {
      name: 'desk renderer bundle (gzip)',
      value: kb(deskSize.gzip),
      unit: 'KB',
      baseline: { name: 'bare Vue hello app (gzip)', value: kb(bareSize.gzip), unit: 'KB' },
      goal: '<= 250 KB',
      met: deskSize.gzip <= 250 * 1024,
    },
    { name: 'desk renderer bundle (raw)', value: kb(deskSize.raw), unit: 'KB' },
  ],
});
