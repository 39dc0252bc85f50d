import { constants, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';

/**
 * A printer interface that is a path must name a printer device, never a file: `printers.test` writes ESC/POS
 * bytes into it, and a regular file would be overwritten from its start. Checked when the interface is saved
 * (name and, when it exists, what it is) and again on the descriptor the transport opened (`fstat`), so a swap
 * of the path between the check and the open gains nothing.
 */
export type DeviceRefusal =
  /** The name is not one a receipt printer has (`/dev/usb/lp0`, `/dev/ttyUSB0`, `COM3`, `\\host\Queue`…). */
  | 'NOT_A_DEVICE_NAME'
  /** It exists, and is a regular file, a directory, a FIFO, a socket or a block device. */
  | 'NOT_A_DEVICE';

/**
 * Serial and parallel printer devices on Linux, and macOS's serial ports; symlinks are judged by their target.
 * `/dev/pts/N` is a pseudo-terminal: the virtual serial port a serial-over-network or Bluetooth bridge
 * (socat, ser2net clients) gives a printer, and what the tests play the printer on. It is a character device
 * like the others: nothing written to it can land in a file.
 */
const POSIX_DEVICE =
  /^\/dev\/(usb\/lp\d+|lp\d+|ttyUSB\d+|ttyACM\d+|ttyS\d+|rfcomm\d+|pts\/\d+|serial\/by-(id|path)\/[^/]+|cu\.[\w.-]+|tty\.[\w.-]+)$/;
/** `COM3`, `LPT1`, `\\.\COM10`, or a shared printer queue `\\host\Queue` (also written `//host/Queue`). */
const WINDOWS_DEVICE = /^((\\\\\.\\)?(com|lpt)\d{1,3}:?|(\\\\|\/\/)[^\\/]+[\\/][^\\/]+)$/i;

export function deviceNameAllowed(path: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' ? WINDOWS_DEVICE.test(path) : POSIX_DEVICE.test(path);
}

export class DeviceRefused extends Error {
  constructor(
    readonly reason: DeviceRefusal,
    readonly kind: string | null,
  ) {
    super(`printer interface refused: ${reason}${kind ? ` (${kind})` : ''}`);
  }
}

export function fileKind(s: Stats): string {
  if (s.isCharacterDevice()) return 'character-device';
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice()) return 'block-device';
  return 'other';
}

/**
 * At save time. A device that is not there now (a printer unplugged while it is configured) is accepted by
 * name alone; the open-time check still stands between it and any file that later takes its place.
 */
export async function checkDevicePath(
  path: string,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  if (!deviceNameAllowed(path, platform)) throw new DeviceRefused('NOT_A_DEVICE_NAME', null);
  if (platform === 'win32') return;
  let s: Stats;
  let target: string;
  try {
    target = await realpath(path);
    s = await stat(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  if (!deviceNameAllowed(target, platform)) throw new DeviceRefused('NOT_A_DEVICE_NAME', fileKind(s));
  if (!s.isCharacterDevice()) throw new DeviceRefused('NOT_A_DEVICE', fileKind(s));
}

/** At open time, on what was actually opened. Windows ports and queues have no POSIX file type to check. */
export async function assertOpenedIsDevice(
  handle: FileHandle,
  platform: NodeJS.Platform = process.platform,
): Promise<void> {
  if (platform === 'win32') return;
  const s = await handle.stat();
  if (!s.isCharacterDevice()) throw new DeviceRefused('NOT_A_DEVICE', fileKind(s));
}

/**
 * Opens a device for writing, or (`read-write`) for the status dialogue of native/printer/status/: then
 * non-blocking, so that a read with nothing to read returns at once and every wait has a deadline.
 * The name and the path's type are checked first, so that a FIFO swapped in for the device does not block
 * the open; the descriptor's own type is checked after, which no swap can defeat.
 * A swap to a FIFO between the two can still hold the open until a reader appears (see docs/architecture.md).
 */
export async function openDevice(
  path: string,
  platform: NodeJS.Platform = process.platform,
  mode: 'write' | 'read-write' = 'write',
): Promise<FileHandle> {
  if (!deviceNameAllowed(path, platform)) throw new DeviceRefused('NOT_A_DEVICE_NAME', null);
  if (platform !== 'win32') {
    const s = await stat(path);
    if (!s.isCharacterDevice()) throw new DeviceRefused('NOT_A_DEVICE', fileKind(s));
  }
  const access = mode === 'write' ? constants.O_WRONLY : constants.O_RDWR;
  const handle = await open(
    path,
    platform === 'win32'
      ? access
      : access | constants.O_NOCTTY | (mode === 'write' ? 0 : constants.O_NONBLOCK),
  );
  try {
    await assertOpenedIsDevice(handle, platform);
  } catch (err) {
    await handle.close().catch(() => undefined);
    throw err;
  }
  return handle;
}
