import { utilityProcess } from 'electron';
import { join } from 'node:path';
import { DEVICE_PROCESS_V8_FLAGS } from '../../native/smartcard/process-flags';
import type { DeviceProcess } from '../services/smartcard/device-process';

/**
 * The smart-card device process in the packaged app: an Electron utilityProcess running the CommonJS build of
 * native/smartcard/device-main.ts (dist/smartcard/device.cjs, built by native/smartcard/vite.config.ts). Same
 * interface as the Node fork, so the service cannot tell them apart.
 */
export function utilityDeviceProcess(
  mainDir: string,
  onStderr: (line: string) => void = () => {},
): DeviceProcess {
  const entry = join(mainDir, '..', 'smartcard', 'device.cjs');
  const child = utilityProcess.fork(entry, [], {
    serviceName: 'Sportello smart card',
    stdio: 'pipe',
    execArgv: [...DEVICE_PROCESS_V8_FLAGS],
  });
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => onStderr(d.slice(0, 2000)));
  let alive = true;
  child.on('exit', () => (alive = false));
  return {
    get pid() {
      return child.pid;
    },
    send: (msg) => {
      if (alive) child.postMessage(msg);
    },
    onMessage: (l) => child.on('message', (m: unknown) => l(m)),
    onExit: (l) => child.on('exit', (code) => l(code, null)),
    kill: () => {
      if (alive) child.kill();
    },
  };
}
