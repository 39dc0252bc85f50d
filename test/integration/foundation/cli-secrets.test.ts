import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../electron/cli/run';
import { fileSecretStore, nodePlatform } from '../../../electron/services/platform/node';
import {
  safeStorageSecrets,
  type SafeStorageLike,
} from '../../../electron/services/platform/safe-storage-secrets';
import { tempDir } from '../../support/temp';

// The administrator sets the desk's backend secrets: `sportello secrets set NAME --stdin` (value from stdin only)
// into the 0600 secrets.json the browser host and the CLI read, or, run by the installed app
// (`Sportello --cli secrets …`), into its keychain store.
const root = join(import.meta.dirname, '..', '..', '..');
const dirs: { remove(): void }[] = [];
afterAll(() => dirs.forEach((d) => d.remove()));
function desk() {
  const d = tempDir('sportello-secrets-');
  dirs.push(d);
  return { dir: d.path, env: { ...process.env, SPORTELLO_DATA_DIR: d.path, SPORTELLO_ADMIN_CONFIG: '' } };
}

async function cli(env: NodeJS.ProcessEnv, stdin: string | null, extra: object, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (l: string) => out.push(l),
    err: (l: string) => err.push(l),
    env,
    ...(stdin === null ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }),
    ...extra,
  };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('sportello secrets', () => {
  it('the built CLI stores a value piped on stdin in a 0600 secrets.json the desk reads (two desks, two secrets)', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n';
    for (const [name, value, expected] of [
      ['gpd-subscription-key', 'chiave-segreta-123\n', 'chiave-segreta-123'],
      ['mypay-private-key', pem, pem.replace(/\n$/, '')],
    ] as const) {
      const { dir, env } = desk();
      const r = spawnSync(
        process.execPath,
        [join(root, 'bin', 'sportello.js'), 'secrets', 'set', name, '--stdin'],
        {
          input: value,
          env,
          encoding: 'utf8',
        },
      );
      expect(r.stderr).not.toContain('Error');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`segreto ${name} salvato (${join(dir, 'secrets.json')})`);
      // The file mode from the OS, the content as JSON, and the desk's own store reading it.
      expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8'))).toEqual({ [name]: expected });
      expect(nodePlatform(env).secrets.get(name)).toBe(expected);
      const check = spawnSync(
        process.execPath,
        [join(root, 'bin', 'sportello.js'), 'secrets', 'check', name],
        {
          env,
          encoding: 'utf8',
        },
      );
      expect(check.status).toBe(0);
      expect(check.stdout).not.toContain(expected.slice(0, 10));
    }
  });

  it('never takes the value from the command line, refuses bad names and empty input, and keeps what was there (twice)', async () => {
    const { dir, env } = desk();
    expect((await cli(env, 'vecchio\n', {}, 'secrets', 'set', 'gov-pass', '--stdin')).code).toBe(0);
    for (let round = 0; round < 2; round++) {
      const inline = await cli(env, '', {}, 'secrets', 'set', 'gov-pass', 'nuovo-in-chiaro');
      expect(inline.code).toBe(2);
      expect(inline.err).toContain('non si scrive sulla riga di comando');
      const noFlag = await cli(env, 'nuovo\n', {}, 'secrets', 'set', 'gov-pass');
      expect(noFlag.code).toBe(2);
      expect(noFlag.err).toContain('manca --stdin');
      const bad = await cli(env, 'x\n', {}, 'secrets', 'set', '../etc/passwd', '--stdin');
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('nome del segreto non valido');
      const empty = await cli(env, '\n', {}, 'secrets', 'set', 'gov-pass', '--stdin');
      expect(empty.code).toBe(2);
      expect(empty.err).toContain('valore vuoto');
      expect(fileSecretStore(join(dir, 'secrets.json')).get('gov-pass')).toBe('vecchio');
    }
    const absent = await cli(env, null, {}, 'secrets', 'check', 'non-messo');
    expect(absent.code).toBe(1);
    expect(absent.out).toContain('assente');
  });

  it('a secrets.json others can read is refused with its path, nothing written', async () => {
    const { dir, env } = desk();
    writeFileSync(join(dir, 'secrets.json'), '{}', { mode: 0o644 });
    const r = await cli(env, 'v\n', {}, 'secrets', 'set', 'gov-pass', '--stdin');
    expect(r.code).toBe(1);
    expect(r.err).toContain(join(dir, 'secrets.json'));
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe('{}');
  });

  it('run by the app, it writes to the store the app hands it (safeStorage, encrypted in secrets.bin.json)', async () => {
    const { dir, env } = desk();
    // No OS keychain on this machine: a stand-in for Electron's safeStorage that really transforms the bytes, so
    // the test sees the app's store (not the 0600 file) used, and the value not written in clear.
    const storage: SafeStorageLike = {
      isEncryptionAvailable: () => true,
      encryptString: (s) => Buffer.from(Buffer.from(s, 'utf8').map((b) => b ^ 0x5a)),
      decryptString: (b) => Buffer.from(b.map((x) => x ^ 0x5a)).toString('utf8'),
      getSelectedStorageBackend: () => 'gnome_libsecret',
    };
    const file = join(dir, 'secrets.bin.json');
    const store = safeStorageSecrets(file, storage, env, 'linux');
    const app = { secretStore: () => Promise.resolve({ store, where: `portachiavi del sistema, ${file}` }) };
    for (const value of ['prima-password', 'seconda-password']) {
      const r = await cli(env, `${value}\n`, app, 'secrets', 'set', 'gov-pass', '--stdin');
      expect(r.code).toBe(0);
      expect(r.out).toContain('portachiavi del sistema');
      expect(readFileSync(file, 'utf8')).not.toContain(value);
      expect(store.get('gov-pass')).toBe(value);
    }
    expect(() => statSync(join(dir, 'secrets.json'))).toThrow();
  });
});
