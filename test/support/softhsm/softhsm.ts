import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../temp';
import { pkcs8Pem } from './certificates';
import type { CardContent } from './cards';

const run = promisify(execFile);

export const SOFTHSM_MODULE = process.env['SOFTHSM2_MODULE'] ?? '/usr/lib/softhsm/libsofthsm2.so';
export const TEST_PIN = '12345678';
const SO_PIN = '87654321';

export interface InsertedToken {
  readonly label: string;
  readonly serial: string;
  readonly dir: string;
}

/**
 * A private SoftHSM2 world for one test: its own config file and token folder. A token is built in a staging
 * folder and then moved into the live one in a single rename, so a watcher never sees a half-written card;
 * removal deletes the folder. The desk's module must be started with `env` (SOFTHSM2_CONF).
 */
export class SoftHsm {
  readonly root: string;
  readonly conf: string;
  readonly env: Record<string, string>;
  private readonly live: string;
  private readonly staging: string;
  private readonly stagingConf: string;
  private readonly removeRoot: () => void;
  private seq = 0;

  constructor() {
    const dir = tempDir('sportello-softhsm-');
    this.root = dir.path;
    this.removeRoot = dir.remove;
    this.live = join(this.root, 'tokens');
    this.staging = join(this.root, 'staging');
    mkdirSync(this.live);
    mkdirSync(this.staging);
    this.conf = join(this.root, 'softhsm2.conf');
    this.stagingConf = join(this.root, 'staging.conf');
    const conf = (d: string) =>
      `directories.tokendir = ${d}\nobjectstore.backend = file\nlog.level = ERROR\n`;
    writeFileSync(this.conf, conf(this.live));
    writeFileSync(this.stagingConf, conf(this.staging));
    this.env = { SOFTHSM2_CONF: this.conf };
  }

  get module(): string {
    return SOFTHSM_MODULE;
  }

  /** "Inserts" a card: a new initialised token holding `content`. */
  async insert(content: CardContent, label = `CNS-${process.pid}-${++this.seq}`): Promise<InsertedToken> {
    const env = { ...process.env, SOFTHSM2_CONF: this.stagingConf };
    const work = join(this.root, `work-${this.seq}-${Date.now()}`);
    mkdirSync(work);
    try {
      await run(
        'softhsm2-util',
        ['--init-token', '--free', '--label', label, '--so-pin', SO_PIN, '--pin', TEST_PIN],
        { env },
      );
      for (const o of content.objects) {
        const keyFile = join(work, `${o.id}.p8`);
        writeFileSync(keyFile, await pkcs8Pem(o.keys));
        await run(
          'softhsm2-util',
          ['--import', keyFile, '--token', label, '--label', o.label, '--id', o.id, '--pin', TEST_PIN],
          { env },
        );
        const certFile = join(work, `${o.id}.der`);
        writeFileSync(certFile, o.cert);
        await this.tool(env, label, [
          '--write-object',
          certFile,
          '--type',
          'cert',
          '--id',
          o.id,
          '--label',
          o.label,
        ]);
      }
      for (const [i, d] of content.data.entries()) {
        const f = join(work, `data-${i}.bin`);
        writeFileSync(f, d.value);
        await this.tool(env, label, ['--write-object', f, '--type', 'data', '--label', d.label]);
      }
      const { stdout } = await run('softhsm2-util', ['--show-slots'], { env });
      const serial = serialOf(stdout, label);
      const [dir] = readdirSync(this.staging);
      if (!dir) throw new Error('SoftHSM token folder not found in staging');
      renameSync(join(this.staging, dir), join(this.live, dir));
      return { label, serial, dir };
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }

  /** "Pulls" the card. */
  remove(token: InsertedToken): void {
    rmSync(join(this.live, token.dir), { recursive: true, force: true });
  }

  dispose(): void {
    this.removeRoot();
  }

  private async tool(env: NodeJS.ProcessEnv, label: string, args: string[]): Promise<void> {
    await run(
      'pkcs11-tool',
      ['--module', SOFTHSM_MODULE, '--token-label', label, '--login', '--pin', TEST_PIN, ...args],
      { env },
    );
  }
}

function serialOf(showSlots: string, label: string): string {
  const blocks = showSlots.split(/\nSlot /);
  for (const b of blocks) {
    if (new RegExp(`Label:\\s+${label.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}\\s*(\\n|$)`).test(b)) {
      const m = /Serial number:\s+(\S+)/.exec(b);
      if (m?.[1]) return m[1];
    }
  }
  throw new Error(`SoftHSM token ${label} not found`);
}
