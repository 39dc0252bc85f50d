import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEVICE_PROCESS_V8_FLAGS } from '../../../native/smartcard/process-flags';
import type { ToDevice } from '../../../native/smartcard/protocol';
import { tsxExecArgv } from '../platform/tsx';

/**
 * The smart-card device process as the desk sees it, whatever runs it: a Node child (browser host, CLI,
 * tests) or an Electron utilityProcess (the app, see electron/main/device-process-electron.ts).
 */
export interface DeviceProcess {
  readonly pid: number | undefined;
  send(msg: ToDevice): void;
  /** Raw messages: the caller validates them (the process runs vendor code and is not trusted). */
  onMessage(listener: (raw: unknown) => void): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** Ends the process at once: a hung module never answers a polite request. */
  kill(): void;
}

export type DeviceProcessFactory = () => DeviceProcess;

/**
 * Where the device process starts from. Inside the built browser host (dist/host/main.js) this module is
 * bundled, so the built device (dist/smartcard/device.cjs) sits beside it and starts without compiling;
 * from the sources (CLI, tests, bin/host.js) the TypeScript entry runs through tsx.
 */
function deviceEntry(): { file: string; execArgv: string[] } {
  const here = dirname(fileURLToPath(import.meta.url));
  const built = join(here, '..', 'smartcard', 'device.cjs');
  if (basename(dirname(here)) === 'dist' && existsSync(built))
    return { file: built, execArgv: [...DEVICE_PROCESS_V8_FLAGS] };
  return {
    file: fileURLToPath(new URL('../../../native/smartcard/device-main.ts', import.meta.url)),
    execArgv: [...DEVICE_PROCESS_V8_FLAGS, ...tsxExecArgv()],
  };
}

/** Node implementation. stderr is handed to `onStderr` (module loaders print there) and never to the clerk. */
export function forkDeviceProcess(onStderr: (line: string) => void = () => {}): DeviceProcess {
  const entry = deviceEntry();
  const child = fork(entry.file, [], {
    execArgv: entry.execArgv,
    serialization: 'json',
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => onStderr(d.slice(0, 2000)));
  // A failed send (process already gone) is reported through the exit listener; it must not throw here.
  child.on('error', () => {});
  return {
    pid: child.pid,
    send: (msg) => {
      if (child.connected) child.send(msg, (err) => void err);
    },
    onMessage: (l) => child.on('message', l),
    onExit: (l) => child.on('exit', (code, signal) => l(code, signal)),
    kill: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
