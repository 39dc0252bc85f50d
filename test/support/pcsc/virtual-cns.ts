import {
  constants,
  createPrivateKey,
  privateDecrypt,
  randomBytes,
  webcrypto,
  type KeyObject,
} from 'node:crypto';
import type { CardContent } from '../softhsm/cards';
import type { CardBehaviour } from './vpcd-card';

/**
 * A CNS card as OpenSC's Italian CNS driver (card-itacns.c, pkcs15-itacns.c) reads it: an ATR whose historical
 * bytes say "CNS", and an ISO 7816-4 file system with the CNS files at their specified paths. OpenSC builds the
 * PKCS#11 token from these files: EF_IDCarta gives the token serial, EF 1101 the authentication certificate (key
 * id 01), EF 1102 EF_DatiPersonali, EF 1400/9010 a signature certificate. The PIN (reference 0x10, 8 bytes padded
 * with 0xFF) and the RSA signature (MSE restore/set, then PSO DECIPHER or COMPUTE DIGITAL SIGNATURE on a block
 * OpenSC has already padded) behave like a card's, so C_Login and C_Sign go through the real middleware.
 *
 * It is test support, not a card specification: only the commands OpenSC sends to such a card are answered.
 */
export interface VirtualCnsContent {
  /** EF_IDCarta: the card's 16-character id, which OpenSC reports as the token serial. */
  readonly idCarta: string;
  readonly authCert: Buffer;
  /** The authentication key (PKCS#8 DER); without it the card refuses to sign. OpenSC 0.23 signs RSA-1024 only. */
  readonly authKeyPkcs8?: Buffer;
  readonly signatureCert?: Buffer;
  readonly datiPersonali?: Buffer;
  readonly pin?: string;
  /** Tries left on the PIN (3 when not said); 0 is a locked PIN. */
  readonly pinTries?: number;
}

const SW = {
  OK: [0x90, 0x00],
  WRONG_LENGTH: [0x67, 0x00],
  SECURITY_NOT_SATISFIED: [0x69, 0x82],
  PIN_BLOCKED: [0x69, 0x83],
  NO_CURRENT_EF: [0x69, 0x86],
  WRONG_DATA: [0x6a, 0x80],
  FILE_NOT_FOUND: [0x6a, 0x82],
  WRONG_P1P2: [0x6b, 0x00],
  INS_NOT_SUPPORTED: [0x6d, 0x00],
} as const;

const MF = '3F00';
/** Read always, everything else never (the itacns driver reads the 9 access-condition bytes of tag 86). */
const ACCESS = Buffer.from('00ffffffffffffffff', 'hex');
const MAX_TRIES = 3;

/** The CNS ATR (T=1; historical bytes 00 6B, IC and mask makers, 01 .. .. 'C' 'N' 'S' 10 31 80) with its TCK. */
export function cnsAtr(): Buffer {
  const body = [0x8f, 0x81, 0x31, 0xfe, 0x45];
  const historical = [
    0x00, 0x6b, 0x02, 0x02, 0x01, 0x00, 0x01, 0x00, 0x00, 0x43, 0x4e, 0x53, 0x10, 0x31, 0x80,
  ];
  const bytes = [...body, ...historical];
  const tck = bytes.reduce((x, b) => x ^ b, 0);
  return Buffer.from([0x3b, ...bytes, tck]);
}

interface Node {
  readonly fid: string;
  readonly data: Buffer | null; // null: a DF
}

/**
 * The same test card that SoftHSM tokens are built from, laid out as a CNS: the CNS0 certificate and its key in
 * 1101, a FIRMA certificate (if any) in 1400/9010, EF_DatiPersonali (if any) in 1102.
 */
export async function cnsContentOf(
  card: CardContent,
  o: { idCarta: string; pin?: string; pinTries?: number },
): Promise<VirtualCnsContent> {
  const auth = card.objects.find((x) => x.label === 'CNS0');
  if (!auth) throw new Error('the card has no CNS0 certificate');
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', auth.keys.privateKey));
  const signature = card.objects.find((x) => x.label === 'FIRMA');
  const dp = card.data.find((d) => d.label === 'EF_DatiPersonali');
  return {
    ...o,
    authCert: auth.cert,
    authKeyPkcs8: pkcs8,
    ...(signature ? { signatureCert: signature.cert } : {}),
    ...(dp ? { datiPersonali: dp.value } : {}),
  };
}

export class VirtualCns implements CardBehaviour {
  readonly atr = cnsAtr();
  private readonly files = new Map<string, Node>();
  private readonly key: KeyObject | null;
  private df = MF;
  private ef: string | null = null;
  private verified = false;
  private tries: number;
  private seKey: number | null = null;
  /** Every command the middleware sent, as hex: what a test can ask about the traffic. */
  readonly log: string[] = [];
  /**
   * Pulls the card out instead of answering the nth read of a file (a READ BINARY at offset 0 of e.g.
   * `3F00/1100/1102`; nth from 1). OpenSC reads EF_DatiPersonali once while binding the card and again when the
   * desk asks for its value.
   */
  pullWhileReading: { readonly path: string; readonly nth: number } | null = null;
  private readsOf = new Map<string, number>();

  constructor(private readonly content: VirtualCnsContent) {
    if (!/^[\x20-\x7e]{16}$/.test(content.idCarta))
      throw new Error('EF_IDCarta holds 16 printable characters');
    this.tries = content.pinTries ?? MAX_TRIES;
    this.key = content.authKeyPkcs8
      ? createPrivateKey({ key: content.authKeyPkcs8, format: 'der', type: 'pkcs8' })
      : null;
    this.dir(MF);
    this.dir(`${MF}/1000`);
    this.file(`${MF}/1000/1002`, Buffer.from('0102030405060708', 'hex'));
    this.file(`${MF}/1000/1003`, Buffer.from(content.idCarta, 'ascii'));
    this.dir(`${MF}/1100`);
    this.file(`${MF}/1100/1101`, content.authCert);
    if (content.datiPersonali) this.file(`${MF}/1100/1102`, content.datiPersonali);
    if (content.signatureCert) {
      this.dir(`${MF}/1400`);
      this.file(`${MF}/1400/9010`, content.signatureCert);
    }
  }

  reset(): void {
    this.df = MF;
    this.ef = null;
    this.verified = false;
    this.seKey = null;
  }

  transmit(apdu: Buffer): Buffer | null {
    this.log.push(apdu.toString('hex'));
    const cmd = parseApdu(apdu);
    if (!cmd) return reply(SW.WRONG_LENGTH);
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd);
      case 0xb0:
        return this.pullsOnRead(cmd) ? null : this.readBinary(cmd);
      case 0x20:
        return this.verify(cmd);
      case 0x22:
        return this.manageSecurityEnvironment(cmd);
      case 0x2a:
        return this.computeSignature(cmd);
      case 0x84:
        return reply(SW.OK, randomBytes(cmd.le || 8));
      default:
        return reply(SW.INS_NOT_SUPPORTED);
    }
  }

  private dir(path: string): void {
    this.files.set(path, { fid: path.slice(-4), data: null });
  }

  private file(path: string, data: Buffer): void {
    this.files.set(path, { fid: path.slice(-4), data });
  }

  private select(c: Apdu): Buffer {
    const fids = chunks(c.data.toString('hex').toUpperCase());
    let target: string | null;
    switch (c.p1) {
      case 0x00: // by FID: the MF, a child of the current DF, or a sibling
        if (fids.length !== 1) return reply(SW.WRONG_DATA);
        if (fids[0] === MF) target = MF;
        else
          target = this.existing(`${this.df}/${fids[0]}`) ?? this.existing(`${parent(this.df)}/${fids[0]}`);
        break;
      case 0x01:
      case 0x02:
        target = this.existing(`${this.df}/${fids[0]}`);
        break;
      case 0x03:
        target = parent(this.df);
        break;
      case 0x08: // path from the MF, with or without the MF itself
        target = this.existing([MF, ...(fids[0] === MF ? fids.slice(1) : fids)].join('/'));
        break;
      case 0x09:
        target = this.existing([this.df, ...fids].join('/'));
        break;
      default: // 0x04, by application name: a CNS has no applications
        return reply(SW.FILE_NOT_FOUND);
    }
    const node = target ? this.files.get(target) : undefined;
    if (!target || !node) return reply(SW.FILE_NOT_FOUND);
    if (node.data) {
      this.df = parent(target);
      this.ef = target;
    } else {
      this.df = target;
      this.ef = null;
    }
    if ((c.p2 & 0x0c) === 0x0c) return reply(SW.OK);
    return reply(SW.OK, fcp(node));
  }

  private existing(path: string): string | null {
    return this.files.has(path) ? path : null;
  }

  private pullsOnRead(c: Apdu): boolean {
    if (!this.ef || c.p1 !== 0 || c.p2 !== 0) return false;
    const n = (this.readsOf.get(this.ef) ?? 0) + 1;
    this.readsOf.set(this.ef, n);
    const pull = this.pullWhileReading;
    if (!pull || pull.path !== this.ef || pull.nth !== n) return false;
    this.pullWhileReading = null;
    return true;
  }

  private readBinary(c: Apdu): Buffer {
    if (c.p1 & 0x80) return reply(SW.WRONG_P1P2); // short EF identifiers: not on a CNS
    const data = this.ef ? this.files.get(this.ef)?.data : null;
    if (!data) return reply(SW.NO_CURRENT_EF);
    const offset = (c.p1 << 8) | c.p2;
    if (offset > data.length) return reply(SW.WRONG_P1P2);
    return reply(SW.OK, data.subarray(offset, offset + (c.le || 256)));
  }

  private verify(c: Apdu): Buffer {
    if ((c.p2 & 0x7f) !== 0x10) return reply(SW.FILE_NOT_FOUND);
    if (this.tries === 0) return reply(SW.PIN_BLOCKED);
    if (c.data.length === 0) return reply(this.verified ? SW.OK : [0x63, 0xc0 | this.tries]);
    const offered = c.data.subarray(0, c.data.indexOf(0xff) >= 0 ? c.data.indexOf(0xff) : undefined);
    if (this.content.pin !== undefined && offered.toString('ascii') === this.content.pin) {
      this.tries = MAX_TRIES;
      this.verified = true;
      return reply(SW.OK);
    }
    this.tries--;
    this.verified = false;
    return reply(this.tries === 0 ? SW.PIN_BLOCKED : [0x63, 0xc0 | this.tries]);
  }

  private manageSecurityEnvironment(c: Apdu): Buffer {
    if (c.p1 === 0xf3) {
      this.seKey = null;
      return reply(SW.OK);
    }
    // SET for signing: 83 01 <key reference>
    if (c.p1 === 0xf1 && c.data.length === 3 && c.data[0] === 0x83 && c.data[1] === 0x01) {
      this.seKey = c.data[2]!;
      return reply(SW.OK);
    }
    return reply(SW.WRONG_DATA);
  }

  /**
   * PSO COMPUTE DIGITAL SIGNATURE (9E 9A) or PSO DECIPHER (80 86, data after a padding-indicator byte): OpenSC
   * signs with a raw-RSA key through DECIPHER. Either way the middleware has already built the PKCS#1 block and
   * the card only does the raw RSA operation with the key of the security environment.
   */
  private computeSignature(c: Apdu): Buffer {
    let block: Buffer;
    if (c.p1 === 0x9e && c.p2 === 0x9a) block = c.data;
    else if (c.p1 === 0x80 && c.p2 === 0x86 && c.data[0] === 0x00) block = c.data.subarray(1);
    else return reply(SW.WRONG_P1P2);
    if (!this.verified || this.seKey !== 0x01 || !this.key) return reply(SW.SECURITY_NOT_SATISFIED);
    const bytes = (this.key.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    if (block.length > bytes) return reply(SW.WRONG_LENGTH);
    const padded = Buffer.concat([Buffer.alloc(bytes - block.length), block]);
    return reply(SW.OK, privateDecrypt({ key: this.key, padding: constants.RSA_NO_PADDING }, padded));
  }
}

interface Apdu {
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data: Buffer;
  /** Expected length; 0 also when absent (then 256 where a length matters). */
  readonly le: number;
}

/** ISO 7816-4 short and extended command APDUs. */
function parseApdu(b: Buffer): Apdu | null {
  if (b.length < 4) return null;
  const head = { ins: b[1]!, p1: b[2]!, p2: b[3]! };
  if (b.length === 4) return { ...head, data: Buffer.alloc(0), le: 0 };
  if (b.length === 5) return { ...head, data: Buffer.alloc(0), le: b[4]! };
  if (b[4] === 0 && b.length >= 7) {
    const lc = b.readUInt16BE(5);
    if (b.length === 7) return { ...head, data: Buffer.alloc(0), le: lc };
    const data = b.subarray(7, 7 + lc);
    if (data.length !== lc) return null;
    const rest = b.length - 7 - lc;
    return { ...head, data, le: rest >= 2 ? b.readUInt16BE(7 + lc) : 0 };
  }
  const lc = b[4]!;
  const data = b.subarray(5, 5 + lc);
  if (data.length !== lc) return null;
  const rest = b.length - 5 - lc;
  if (rest > 1) return null;
  return { ...head, data, le: rest === 1 ? b[5 + lc]! : 0 };
}

function reply(sw: readonly number[], data: Buffer = Buffer.alloc(0)): Buffer {
  return Buffer.concat([data, Buffer.from(sw)]);
}

/** File control parameters: descriptor, FID, size for an EF, access conditions. */
function fcp(node: Node): Buffer {
  const tlv = (tag: number, v: Buffer) => Buffer.concat([Buffer.from([tag, v.length]), v]);
  const size = Buffer.alloc(2);
  if (node.data) size.writeUInt16BE(node.data.length);
  const body = Buffer.concat([
    tlv(0x82, Buffer.from([node.data ? 0x01 : 0x38])),
    tlv(0x83, Buffer.from(node.fid, 'hex')),
    ...(node.data ? [tlv(0x80, size)] : []),
    tlv(0x86, ACCESS),
  ]);
  return tlv(0x62, body);
}

function chunks(hex: string): string[] {
  return hex.match(/.{4}/g) ?? [];
}

function parent(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? MF : path.slice(0, i);
}
