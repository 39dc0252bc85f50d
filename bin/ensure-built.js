// Finds a built entry of the project and builds it first when it is missing or older than the sources it is
// made of. Plain JavaScript: it runs before anything is compiled. Walking the ~200 source files costs ~3 ms.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** What each entry is built from and by which vite config; `also` are entries it starts at run time. */
const TARGETS = {
  cli: { out: 'dist/cli/main.js', config: 'electron/cli/vite.config.ts', also: ['device'] },
  device: { out: 'dist/smartcard/device.cjs', config: 'native/smartcard/vite.config.ts', also: [] },
};
const SOURCES = ['core', 'electron', 'native', 'build-config', 'package.json', 'package-lock.json'];

function newestSource(base = root) {
  let newest = 0;
  const visit = (p) => {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) return;
    // Plain concatenation: path.join's normalising costs more than the stat calls here.
    if (s.isDirectory()) for (const e of readdirSync(p)) visit(`${p}/${e}`);
    else if (s.mtimeMs > newest) newest = s.mtimeMs;
  };
  for (const s of SOURCES) visit(join(base, s));
  return newest;
}

function stale(out, newest, base = root) {
  const s = statSync(join(base, out), { throwIfNoEntry: false });
  return !s || s.mtimeMs < newest;
}

/** The entries (of `name` and what it starts) that are missing or older than the newest source under `base`. */
export function staleEntries(name, base = root) {
  const newest = newestSource(base);
  return [name, ...TARGETS[name].also].filter((n) => stale(TARGETS[n].out, newest, base));
}

function build(name) {
  const t = TARGETS[name];
  // A packaged or copied tree without the sources has nothing to rebuild from: use what is there.
  if (!existsSync(join(root, t.config))) return;
  const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // Installed without the development tools (npm ci --omit=dev): run the bundle that shipped, if any.
  if (!existsSync(vite) && existsSync(join(root, t.out))) return;
  process.stderr.write(
    `sportello: preparo ${name === 'cli' ? 'la CLI' : 'il processo dei lettori'} (solo dopo un aggiornamento)…\n`,
  );
  const r = spawnSync(process.execPath, [vite, 'build', '--config', t.config, '--logLevel', 'error'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    process.stderr.write(
      `sportello: compilazione non riuscita; esegui "npm run build" nella cartella del progetto e riprova\n`,
    );
    process.exit(1);
  }
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * One build at a time (two commands started together must not empty each other's output folder): a lock
 * folder, waited for; one left by a killed build is taken over after two minutes.
 */
function withBuildLock(f) {
  const lock = join(root, 'dist', '.build.lock');
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      const s = statSync(lock, { throwIfNoEntry: false });
      if (s && Date.now() - s.mtimeMs > 120_000) rmSync(lock, { recursive: true, force: true });
      else sleep(100);
    }
  }
  try {
    f();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** The file URL of the built entry `name`, after building what is missing or stale. */
export function ensureBuilt(name) {
  const names = [name, ...TARGETS[name].also];
  if (names.some((n) => stale(TARGETS[n].out, newestSource())))
    withBuildLock(() => {
      // Another process may have built it while this one waited.
      const newest = newestSource();
      for (const n of names) if (stale(TARGETS[n].out, newest)) build(n);
    });
  return pathToFileURL(join(root, TARGETS[name].out)).href;
}
