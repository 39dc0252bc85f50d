import { AppError } from '../../../core/contract/errors';
import type { FromDevice, ToDevice } from '../../../native/smartcard/protocol';

export type PinAnswer = Extract<FromDevice, { type: 'pinResult' }>['result'];
export type ProbeAnswer = Extract<FromDevice, { type: 'probeResult' }>;

const PIN_TIMEOUT_MS = 60_000;

interface PendingPin {
  resolve: (r: PinAnswer) => void;
  reject: (err: AppError) => void;
  timer: NodeJS.Timeout;
}

/**
 * Questions to the device process that get an answer by request id: PIN checks and probes. A process that goes
 * down fails every PIN check waiting on it (the clerk retries; a PIN is never offered again on its own).
 */
export class DeviceRequests {
  private seq = 0;
  private readonly pins = new Map<number, PendingPin>();
  private readonly probes = new Map<number, (r: ProbeAnswer) => void>();

  constructor(private readonly device: { readonly running: boolean; send(m: ToDevice): boolean }) {}

  /** The card's answer to a PIN; a card that does not answer within a minute is a failed read. */
  async pin(cardKey: string, pin: string): Promise<PinAnswer> {
    if (!this.device.running) throw new AppError('READER_RESTARTING', { reason: 'DEVICE_PROCESS_DOWN' });
    const requestId = ++this.seq;
    return new Promise<PinAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pins.delete(requestId);
        resolve({ ok: false, code: 'CARD_READ_FAILED', reason: 'TIMEOUT', pinFlags: null });
      }, PIN_TIMEOUT_MS);
      this.pins.set(requestId, { resolve, reject, timer });
      this.device.send({ type: 'verifyPin', requestId, cardKey, pin });
    });
  }

  probe(timeoutMs: number): Promise<ProbeAnswer> {
    const requestId = ++this.seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(requestId);
        reject(new AppError('READER_RESTARTING', { reason: 'PROBE_TIMEOUT' }));
      }, timeoutMs);
      this.probes.set(requestId, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      this.device.send({ type: 'probe', requestId });
    });
  }

  /** A pinResult or probeResult from the device process. */
  answer(m: Extract<FromDevice, { type: 'pinResult' | 'probeResult' }>): void {
    if (m.type === 'pinResult') {
      const p = this.pins.get(m.requestId);
      if (!p) return;
      clearTimeout(p.timer);
      this.pins.delete(m.requestId);
      p.resolve(m.result);
      return;
    }
    const r = this.probes.get(m.requestId);
    this.probes.delete(m.requestId);
    r?.(m);
  }

  failPins(reason: string): void {
    for (const [id, p] of this.pins) {
      clearTimeout(p.timer);
      p.reject(new AppError('READER_RESTARTING', { reason }));
      this.pins.delete(id);
    }
  }
}
