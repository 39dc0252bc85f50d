import { connect, type Socket } from 'node:net';

/**
 * The card side of the vsmartcard vpcd protocol: vpcd (the pcscd reader driver) listens on a TCP port per reader;
 * a card "is inserted" while a client is connected to it and "pulled" when the client hangs up. Every message is a
 * 2-byte big-endian length and a payload; a 1-byte payload is a control (0 power off, 1 power on, 2 reset, 4 send
 * the ATR), anything longer a command APDU, answered with a response APDU.
 */
export interface CardBehaviour {
  readonly atr: Buffer;
  /** Answers one command APDU (with its status word); null: the card is pulled out instead of answering. */
  transmit(apdu: Buffer): Buffer | null;
  /** Power off or reset: the card forgets its volatile state (selected file, PIN verified). */
  reset(): void;
}

const CTRL_OFF = 0;
const CTRL_RESET = 2;
const CTRL_ATR = 4;

export class VpcdCard {
  private socket: Socket | null = null;

  constructor(private readonly behaviour: CardBehaviour) {}

  get inserted(): boolean {
    return this.socket !== null;
  }

  /** Connects to the reader's port: pcscd sees a card arrive. */
  insert(port: number): Promise<void> {
    if (this.socket) return Promise.reject(new Error('card already inserted'));
    this.behaviour.reset();
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      let pending: Buffer = Buffer.alloc(0);
      s.setNoDelay(true);
      s.once('connect', () => {
        this.socket = s;
        resolve();
      });
      s.once('error', (err) => {
        if (!this.socket) reject(err);
      });
      s.on('close', () => {
        if (this.socket === s) this.socket = null;
      });
      s.on('data', (chunk: Buffer) => {
        pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
        while (pending.length >= 2) {
          const n = pending.readUInt16BE(0);
          if (pending.length < 2 + n) break;
          const msg = pending.subarray(2, 2 + n);
          pending = pending.subarray(2 + n);
          this.onMessage(s, msg);
        }
      });
    });
  }

  /** Hangs up: pcscd sees the card pulled out of the reader. */
  remove(): Promise<void> {
    const s = this.socket;
    this.socket = null;
    if (!s) return Promise.resolve();
    return new Promise((resolve) => {
      s.once('close', () => resolve());
      s.destroy();
    });
  }

  private onMessage(s: Socket, msg: Buffer): void {
    if (msg.length === 1) {
      if (msg[0] === CTRL_ATR) send(s, this.behaviour.atr);
      else if (msg[0] === CTRL_OFF || msg[0] === CTRL_RESET) this.behaviour.reset();
      return;
    }
    let reply: Buffer | null;
    try {
      reply = this.behaviour.transmit(msg);
    } catch {
      reply = Buffer.from([0x6f, 0x00]); // "no precise diagnosis": a bug in the emulation must not hang pcscd
    }
    if (reply) send(s, reply);
    else void this.remove();
  }
}

function send(s: Socket, payload: Buffer): void {
  const head = Buffer.alloc(2);
  head.writeUInt16BE(payload.length);
  s.write(Buffer.concat([head, payload]));
}
