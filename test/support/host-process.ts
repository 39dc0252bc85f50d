import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { tempDir } from './temp';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface HostProcess {
  readonly url: string;
  /** The citizen's display page (display-only token). */
  readonly displayUrl: string;
  readonly origin: string;
  readonly dataDir: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

const BUILT_HOST = join(ROOT, 'dist', 'host', 'main.js');

/**
 * Starts the real browser host as its own process on a free port, with a fresh data folder and the given
 * configuration, and waits for the URL it prints. It runs the built host (dist/host/main.js, with the built
 * renderer and device process beside it), as `npm run start:browser` does: run `npm run build` first.
 */
export async function startHostProcess(
  options: { config?: unknown; env?: Record<string, string>; dataDir?: string; port?: number } = {},
): Promise<HostProcess> {
  const dir = options.dataDir ? { path: options.dataDir, remove: () => {} } : tempDir('sportello-host-');
  if (options.config !== undefined)
    writeFileSync(join(dir.path, 'config.json'), JSON.stringify(options.config));
  if (!existsSync(BUILT_HOST)) throw new Error('browser host not built: run "npm run build" first');
  const child = spawn(process.execPath, [BUILT_HOST, '--port', String(options.port ?? 0), '--json'], {
    cwd: ROOT,
    env: {
      ...process.env,
      SPORTELLO_DATA_DIR: dir.path,
      SPORTELLO_ADMIN_CONFIG: '',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const { url, displayUrl } = await new Promise<{ url: string; displayUrl: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start in 20 s: ${stderr}`)), 20_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}: ${stderr}`));
    });
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { url: string; displayUrl: string });
    });
  });
  return {
    url,
    displayUrl,
    origin: new URL(url).origin,
    dataDir: dir.path,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          dir.remove();
          resolve();
          return;
        }
        child.once('exit', () => {
          dir.remove();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
