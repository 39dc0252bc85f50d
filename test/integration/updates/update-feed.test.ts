import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../electron/services/config/load';
import { checkForUpdate, downloadVerified } from '../../../electron/services/updates/check';
import { decideUpdate, parseFeed, UpdateError } from '../../../electron/services/updates/feed';
import { tempDir } from '../../support/temp';

// electron-updater's own feed parser, as the oracle for what a generic provider reads from the same bytes.
const require = createRequire(import.meta.url);
const { parseUpdateInfo } = require('electron-updater/out/providers/Provider') as {
  parseUpdateInfo(raw: string, channelFile: string, url: URL): { version: string; files: { url: string }[] };
};

const dir = tempDir('sportello-updates-');
const installer = Buffer.from('MZ pretend NSIS installer '.repeat(2000));
const appImage = Buffer.from('\x7fELF pretend AppImage '.repeat(2000));
writeFileSync(join(dir.path, 'Sportello-Setup-1.3.0.exe'), installer);
writeFileSync(join(dir.path, 'Sportello-1.3.0.AppImage'), appImage);

/** sha512 as electron-builder writes it, computed by openssl (not by the code under test). */
function opensslSha512(file: string): string {
  const bin = execFileSync('openssl', ['dgst', '-sha512', '-binary', file]);
  return bin.toString('base64');
}

/** A feed in electron-builder's layout (what `electron-builder --win nsis` writes as latest.yml). */
function feed(version: string, file: string, sha: string, size: number): string {
  return [
    `version: ${version}`,
    'files:',
    `  - url: ${file}`,
    `    sha512: ${sha}`,
    `    size: ${size}`,
    `path: ${file}`,
    `sha512: ${sha}`,
    "releaseDate: '2026-12-01T09:00:00.000Z'",
    '',
  ].join('\n');
}

const files: Record<string, string | Buffer> = {};
let server: Server;
let base = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (body === undefined) return res.writeHead(404).end();
    res.writeHead(200).end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sportello/`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  dir.remove();
});

describe('updates: the generic feed on the municipality server', () => {
  it('reads a real latest.yml as electron-updater does, offers a newer version and keeps a verified download', async () => {
    const exe = join(dir.path, 'Sportello-Setup-1.3.0.exe');
    const sha = opensslSha512(exe);
    files['/sportello/latest.yml'] = feed('1.3.0', 'Sportello-Setup-1.3.0.exe', sha, installer.length);
    files['/sportello/Sportello-Setup-1.3.0.exe'] = installer;
    const oracle = parseUpdateInfo(
      String(files['/sportello/latest.yml']),
      'latest.yml',
      new URL(`${base}latest.yml`),
    );
    expect(parseFeed(String(files['/sportello/latest.yml'])).version).toBe(oracle.version);

    for (const current of ['1.2.0', '1.3.0-beta.4']) {
      const d = await checkForUpdate({
        feedUrl: base,
        channel: 'latest',
        currentVersion: current,
        platform: 'win32',
      });
      expect(d).toMatchObject({
        kind: 'update',
        version: '1.3.0',
        fileUrl: `${base}Sportello-Setup-1.3.0.exe`,
      });
      if (d.kind !== 'update') throw new Error('unreachable');
      const dest = join(dir.path, `download-${current}.exe`);
      await downloadVerified(d, dest);
      expect(opensslSha512(dest)).toBe(sha);
    }
  });

  it('never goes back: the same or an older version on the server is no update (twice)', async () => {
    const sha = opensslSha512(join(dir.path, 'Sportello-Setup-1.3.0.exe'));
    files['/sportello/latest.yml'] = feed('1.3.0', 'Sportello-Setup-1.3.0.exe', sha, installer.length);
    for (const [current, reason] of [
      ['1.3.0', 'SAME'],
      ['1.4.0', 'OLDER'],
      ['1.10.0', 'OLDER'],
    ] as const) {
      const d = await checkForUpdate({
        feedUrl: base,
        channel: 'latest',
        currentVersion: current,
        platform: 'win32',
      });
      expect(d).toEqual({ kind: 'none', reason });
    }
  });

  it('channel rules: releases only on latest; beta takes -beta builds and releases, never -alpha', () => {
    const sha = opensslSha512(join(dir.path, 'Sportello-1.3.0.AppImage'));
    const f = (v: string) => parseFeed(feed(v, `Sportello-${v}.AppImage`, sha, 10));
    const decide = (v: string, channel: 'latest' | 'beta') =>
      decideUpdate('1.2.0', f(v), channel, base, 'linux').kind;
    expect(decide('1.3.0-beta.1', 'latest')).toBe('none');
    expect(decide('1.3.0-beta.1', 'beta')).toBe('update');
    expect(decide('1.3.0', 'beta')).toBe('update');
    expect(decide('1.3.0-alpha.1', 'beta')).toBe('none');
    expect(decide('1.3.0-alpha.1', 'latest')).toBe('none');
  });

  it('a download that does not match the feed sha512 is removed and refused (two tampered files)', async () => {
    const sha = opensslSha512(join(dir.path, 'Sportello-1.3.0.AppImage'));
    files['/sportello/latest-linux.yml'] = feed('1.3.0', 'Sportello-1.3.0.AppImage', sha, appImage.length);
    for (const tampered of [Buffer.concat([appImage, Buffer.from('x')]), Buffer.from('evil')]) {
      files['/sportello/Sportello-1.3.0.AppImage'] = tampered;
      const d = await checkForUpdate({
        feedUrl: base,
        channel: 'latest',
        currentVersion: '1.2.0',
        platform: 'linux',
      });
      if (d.kind !== 'update') throw new Error('expected an update');
      const dest = join(dir.path, 'tampered.AppImage');
      const err = await downloadVerified(d, dest).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpdateError);
      expect((err as UpdateError).code).toBe('CHECKSUM_MISMATCH');
      expect(existsSync(dest)).toBe(false);
    }
  });

  it('a broken, foreign or missing feed is a typed error, never an update', async () => {
    const sha = opensslSha512(join(dir.path, 'Sportello-Setup-1.3.0.exe'));
    const cases: [string, string][] = [
      ['version: [1', 'NOT_YAML'],
      ['version: banana\nfiles: []\n', 'SCHEMA'],
      [feed('1.3.0', 'Sportello-Setup-1.3.0.exe', 'short', 1), 'SCHEMA'],
      [feed('1.3.0', 'https://elsewhere.example/Sportello-Setup-1.3.0.exe', sha, 1), 'FOREIGN_FILE_URL'],
      [feed('1.3.0', 'Sportello-1.3.0.AppImage', sha, 1), 'NO_INSTALLER'],
    ];
    for (const [text, reason] of cases) {
      files['/sportello/latest.yml'] = text;
      const err = await checkForUpdate({
        feedUrl: base,
        channel: 'latest',
        currentVersion: '1.2.0',
        platform: 'win32',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UpdateError);
      expect((err as UpdateError).code).toBe('FEED_INVALID');
      expect((err as UpdateError).details['reason']).toBe(reason);
      expect((err as UpdateError).sentence).toMatch(/aggiornamenti/);
    }
    delete files['/sportello/latest.yml'];
    const gone = await checkForUpdate({
      feedUrl: base,
      channel: 'latest',
      currentVersion: '1.2.0',
      platform: 'win32',
    }).catch((e: unknown) => e);
    expect((gone as UpdateError).code).toBe('FEED_UNREACHABLE');
  });

  it('the configuration key selects the mode: managed by default, generic needs an https (or local) feed', () => {
    expect(parseConfig({}, 'config.json').updates).toEqual({ mode: 'managed' });
    expect(
      parseConfig(
        { updates: { mode: 'generic', url: 'https://aggiornamenti.comune.example/sportello/' } },
        'config.json',
      ).updates,
    ).toEqual({
      mode: 'generic',
      url: 'https://aggiornamenti.comune.example/sportello/',
      channel: 'latest',
      checkEveryHours: 4,
    });
    for (const bad of [
      { mode: 'generic', url: 'http://aggiornamenti.comune.example/' },
      { mode: 'generic' },
      { mode: 'electron' },
      { mode: 'managed', url: 'https://x.example/' },
    ]) {
      expect(() => parseConfig({ updates: bad }, 'config.json')).toThrow();
    }
  });
});
