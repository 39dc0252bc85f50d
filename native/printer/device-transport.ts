import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { AppError } from '../../core/contract/errors';
import { checkDevicePath, DeviceRefused, openDevice } from './device-path';
import { confirmOn } from './status/confirm';
import { DeviceChannel } from './status/device-channel';
import { askCondition, type ProbeResult } from './status/probe';
import {
  PROBE_ANSWER_MS,
  transportError,
  type SendResult,
  type Transport,
  type TransportFailure,
  type TransportOptions,
} from './transport-types';
import { makeRaw } from './tty-mode';

/**
 * A device file (`/dev/usb/lp0`, `/dev/ttyUSB0`) or a Windows shared printer path (`//host/Share`). Never
 * created if missing. A serial line is set raw first (tty-mode.ts). With `confirm: 'status'` the device is
 * opened read-write and the printer is asked about the job as over TCP (status/device-channel.ts).
 */
export class DeviceTransport implements Transport {
  constructor(
    readonly uri: string,
    private readonly options: TransportOptions,
  ) {}

  async send(bytes: Uint8Array): Promise<SendResult> {
    const started = performance.now();
    const status = this.options.confirm === 'status';
    let handle;
    try {
      handle = await openDevice(this.uri, process.platform, status ? 'read-write' : 'write');
    } catch (err) {
      throw this.fsFailure(err);
    }
    const mode = await makeRaw(handle, this.uri, process.platform, this.options.baud ?? null);
    if (mode.kind === 'failed') {
      await handle.close().catch(() => undefined);
      throw transportError('IO', { phase: 'tty-mode', detail: mode.detail });
    }
    if (status)
      return confirmOn(
        new DeviceChannel(handle),
        bytes,
        this.options.family ?? 'epson',
        this.options.timeoutMs,
        started,
      );
    let timer: NodeJS.Timeout | undefined;
    try {
      // A write to a stuck device cannot be cancelled; the job is reported failed at the timeout and the
      // handle is closed when the write returns, so it can never be reported sent twice.
      await Promise.race([
        handle.write(bytes),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(transportError('WRITE_TIMEOUT', { timeoutMs: this.options.timeoutMs })),
            this.options.timeoutMs,
          );
        }),
      ]);
      return { bytes: bytes.length, ms: performance.now() - started };
    } catch (err) {
      throw err instanceof AppError ? err : this.fsFailure(err);
    } finally {
      clearTimeout(timer);
      void handle.close().catch(() => undefined);
    }
  }

  private fsFailure(err: unknown): AppError {
    if (err instanceof DeviceRefused)
      return transportError('NOT_A_DEVICE', { field: 'interface', refusal: err.reason, kind: err.kind });
    const code = (err as NodeJS.ErrnoException).code;
    const reason: TransportFailure =
      code === 'ENOENT' || code === 'ENXIO' || code === 'ENODEV'
        ? 'NOT_FOUND'
        : code === 'EACCES' || code === 'EPERM'
          ? 'ACCESS_DENIED'
          : 'IO';
    return transportError(reason, { errno: code ?? null }, err);
  }

  /**
   * With `confirm: 'status'`, opens the device as a confirmed job does (read-write, line set raw) and asks the
   * printer its condition. Otherwise checks only that the path is a printer device and writable.
   */
  async probe(): Promise<ProbeResult> {
    if (this.options.confirm === 'status')
      return askCondition(
        async () => {
          let handle;
          try {
            handle = await openDevice(this.uri, process.platform, 'read-write');
          } catch (err) {
            throw this.fsFailure(err);
          }
          const mode = await makeRaw(handle, this.uri, process.platform, this.options.baud ?? null);
          if (mode.kind === 'failed') {
            await handle.close().catch(() => undefined);
            throw transportError('IO', { phase: 'tty-mode', detail: mode.detail });
          }
          return new DeviceChannel(handle);
        },
        this.options.family ?? 'epson',
        Math.min(this.options.timeoutMs, PROBE_ANSWER_MS),
      );
    try {
      // Says nothing of whether a path that is not a printer device is writable.
      await checkDevicePath(this.uri);
      await access(this.uri, constants.W_OK);
      return { state: 'ready', reason: 'WRITABLE', asked: false };
    } catch (err) {
      if (err instanceof DeviceRefused) return { state: 'unreachable', reason: 'NOT_A_DEVICE', asked: false };
      const code = (err as NodeJS.ErrnoException).code ?? null;
      return {
        state: 'unreachable',
        reason:
          code === 'ENOENT' ? 'NOT_FOUND' : code === 'EACCES' || code === 'EPERM' ? 'ACCESS_DENIED' : 'IO',
        asked: false,
        errno: code,
      };
    }
  }
}
