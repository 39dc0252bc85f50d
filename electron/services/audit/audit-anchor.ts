import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, chmodSync, closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';

/** The chain's head as last written outside the database: the number of keyed rows, the last id and MAC. */
export interface AnchorHead {
  readonly seq: number;
  readonly id: number;
  readonly mac: string;
}

export type AnchorRead =
  | { readonly state: 'absent' }
  | { readonly state: 'unreadable' }
  | { readonly state: 'ok'; readonly head: AnchorHead };

const TAIL_BYTES = 8192;

function tag(key: Buffer, h: AnchorHead): string {
  return createHmac('sha256', key).update(`anchor|v1|${h.seq}|${h.id}|${h.mac}`).digest('hex');
}

function sameHex(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/**
 * An append-only file beside the database (`audit-anchor.log`, 0600): after each audit row, one line with the
 * chain's head and a MAC of that line under the audit key. Whoever can rewrite the database but not this file
 * cannot hide a truncation or a wipe of the log; whoever lacks the key cannot write a line that verifies.
 * Only the tail is read, so start-up costs the same for ten rows or ten million.
 */
export class AuditAnchor {
  constructor(
    private readonly file: string,
    private readonly key: Buffer,
  ) {}

  exists(): boolean {
    return existsSync(this.file);
  }

  append(h: AnchorHead): void {
    appendFileSync(this.file, `v1 ${h.seq} ${h.id} ${h.mac} ${tag(this.key, h)}\n`, { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }

  /** The last line whose MAC verifies (a torn last line after a crash is skipped), or why there is none. */
  read(): AnchorRead {
    if (!this.exists()) return { state: 'absent' };
    let text: string;
    const fd = openSync(this.file, 'r');
    try {
      const size = fstatSync(fd).size;
      const len = Math.min(size, TAIL_BYTES);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      text = buf.toString('latin1');
    } finally {
      closeSync(fd);
    }
    const lines = text.split('\n').reverse();
    for (const line of lines) {
      const m = /^v1 (\d{1,15}) (\d{1,15}) ([0-9a-f]{64}) ([0-9a-f]{64})$/.exec(line);
      if (!m) continue;
      const head = { seq: Number(m[1]), id: Number(m[2]), mac: m[3] as string };
      if (sameHex(tag(this.key, head), m[4] as string)) return { state: 'ok', head };
    }
    return { state: 'unreadable' };
  }
}
