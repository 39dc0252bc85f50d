/**
 * What ESC/POS printers answer about themselves, decoded. Pure: the bytes come from status-session.ts, and the
 * test capture server (test/support/escpos/status-peer.ts) produces them from the same documented layouts.
 *
 * Epson and Custom: real-time status `DLE EOT n` answers one byte whose fixed bits are 0xx1xx10 (bit 1 and
 * bit 4 set, bits 0 and 7 clear). n = 1 printer (bit 3 off-line), n = 2 off-line cause (bit 2 cover open,
 * bit 5 stopped for paper end, bit 6 error), n = 4 roll paper sensor (bits 5–6 paper end). `GS ( H` asks for a
 * process-ID answer `37 22 d1 d2 d3 d4 00`, sent once everything before it has been printed: the job's end.
 * Automatic Status Back blocks (4 bytes, first byte 0xx1xx00) may arrive unasked when the printer has ASB
 * on: they are recognised and skipped.
 *
 * Star (line mode): `ESC ACK SOH` asks for the status block (ASB layout). Byte 1's bits 1–3 and 5 give its
 * length; byte 3 bit 3 off-line, bit 5 cover open; byte 4 bit 3 unrecoverable error, bit 5 cutter error;
 * byte 6 bit 3 receipt paper end; byte 8 bits 1–5 the ETB counter, which `ETB` (0x17) increments once all
 * data before it is processed: the job's end.
 */
export type PrinterProblem = 'PAPER_END' | 'COVER_OPEN' | 'PRINTER_ERROR' | 'OFFLINE';

export interface PrinterCondition {
  readonly problem: PrinterProblem | null;
}

export const EPSON_QUERY = Uint8Array.from([0x10, 0x04, 0x01, 0x10, 0x04, 0x02, 0x10, 0x04, 0x04]);
export const STAR_QUERY = Uint8Array.from([0x1b, 0x06, 0x01]);
export const STAR_ETB = Uint8Array.from([0x17]);

/** `GS ( H` fn 48 with a four-digit ASCII id: the printer answers once it has processed all before it. */
export function epsonProcessIdRequest(id: string): Uint8Array {
  const d = [...id.padStart(4, '0').slice(-4)].map((c) => c.charCodeAt(0));
  return Uint8Array.from([0x1d, 0x28, 0x48, 0x06, 0x00, 0x30, 0x30, ...d]);
}

/** The answer to epsonProcessIdRequest(id). */
export const processIdAnswer = (id: string): Uint8Array =>
  Uint8Array.from([0x37, 0x22, ...[...id].map((c) => c.charCodeAt(0)), 0x00]);

export const isRealTimeStatus = (b: number): boolean => (b & 0x93) === 0x12;
const isAsbFirst = (b: number): boolean => (b & 0x93) === 0x10;

export type EpsonParse =
  /** Still waiting for more bytes. */
  | { readonly kind: 'partial' }
  /** Bytes no ESC/POS printer sends: the peer is not a printer. */
  | { readonly kind: 'garbage'; readonly sample: string }
  | { readonly kind: 'done'; readonly completed: boolean; readonly status: readonly number[] };

/**
 * Reads an Epson/Custom answer stream: optional ASB blocks, the process-ID answer (when `processId` is
 * given and it came), and the three real-time status bytes of EPSON_QUERY.
 */
export function parseEpson(bytes: Uint8Array, processId: string | null): EpsonParse {
  const status: number[] = [];
  let completed = false;
  const want = processId ? [0x37, 0x22, ...[...processId].map((c) => c.charCodeAt(0)), 0x00] : null;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (want && b === 0x37) {
      if (bytes.length - i < want.length) return { kind: 'partial' };
      if (!want.every((w, k) => bytes[i + k] === w)) return garbage(bytes);
      completed = true;
      i += want.length;
    } else if (isRealTimeStatus(b)) {
      status.push(b);
      i++;
    } else if (isAsbFirst(b)) {
      if (bytes.length - i < 4) return { kind: 'partial' };
      i += 4;
    } else return garbage(bytes);
  }
  if (status.length > 3) return garbage(bytes);
  return status.length === 3 ? { kind: 'done', completed, status } : { kind: 'partial' };
}

function garbage(bytes: Uint8Array): EpsonParse {
  const sample = Buffer.from(bytes.subarray(0, 24))
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
  return { kind: 'garbage', sample };
}

export function epsonCondition(status: readonly number[]): PrinterCondition {
  const [printer = 0, cause = 0, paper = 0] = status;
  if ((paper & 0x60) === 0x60 || (cause & 0x20) !== 0) return { problem: 'PAPER_END' };
  if ((cause & 0x04) !== 0) return { problem: 'COVER_OPEN' };
  if ((cause & 0x40) !== 0) return { problem: 'PRINTER_ERROR' };
  if ((printer & 0x08) !== 0) return { problem: 'OFFLINE' };
  return { problem: null };
}

/** Length of a Star status block from its first byte; null when the byte cannot start one. */
export function starBlockLength(first: number): number | null {
  if ((first & 0x91) !== 0x01) return null;
  const n = ((first & 0x20) >> 2) | ((first & 0x0e) >> 1);
  return n >= 7 ? n : null;
}

export type StarParse =
  | { readonly kind: 'partial' }
  | { readonly kind: 'garbage'; readonly sample: string }
  | { readonly kind: 'done'; readonly block: readonly number[]; readonly rest: number };

/** The first Star status block in the bytes (`rest` = bytes consumed). */
export function parseStar(bytes: Uint8Array): StarParse {
  if (bytes.length === 0) return { kind: 'partial' };
  const n = starBlockLength(bytes[0]!);
  if (n === null) return garbage(bytes) as StarParse;
  if (bytes.length < n) return { kind: 'partial' };
  return { kind: 'done', block: [...bytes.subarray(0, n)], rest: n };
}

export const starEtbCounter = (block: readonly number[]): number | null =>
  block.length >= 9 ? ((block[7] ?? 0) >> 1) & 0x1f : null;

export function starCondition(block: readonly number[]): PrinterCondition {
  const printer = block[2] ?? 0;
  const error = block[3] ?? 0;
  const sensor = block[5] ?? 0;
  if ((sensor & 0x08) !== 0) return { problem: 'PAPER_END' };
  if ((printer & 0x20) !== 0) return { problem: 'COVER_OPEN' };
  if ((error & 0x28) !== 0) return { problem: 'PRINTER_ERROR' };
  if ((printer & 0x08) !== 0) return { problem: 'OFFLINE' };
  return { problem: null };
}
