import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultAdminConfigFile, resolveDataDir } from '../../../electron/services/platform/data-dir';
import { nodePaths } from '../../../electron/services/platform/node';

describe('the one data folder', () => {
  it('on Windows is %APPDATA%\\Sportello, the folder Electron itself would pick for this product', () => {
    const r = resolveDataDir({
      platform: 'win32',
      env: { APPDATA: 'C:\\Users\\rossi\\AppData\\Roaming' },
      home: 'C:\\Users\\rossi',
    });
    expect(r).toEqual({ dir: 'C:\\Users\\rossi\\AppData\\Roaming\\Sportello', source: 'default' });
    expect(resolveDataDir({ platform: 'win32', env: { APPDATA: '' }, home: 'C:\\Users\\rossi' }).dir).toBe(
      'C:\\Users\\rossi\\AppData\\Roaming\\Sportello',
    );
  });

  it('on Linux is $XDG_DATA_HOME/sportello, ~/.local/share/sportello without it or with a relative one', () => {
    const home = '/home/rossi';
    expect(resolveDataDir({ platform: 'linux', env: {}, home }).dir).toBe(
      '/home/rossi/.local/share/sportello',
    );
    expect(resolveDataDir({ platform: 'linux', env: { XDG_DATA_HOME: '/srv/xdg' }, home }).dir).toBe(
      '/srv/xdg/sportello',
    );
    expect(resolveDataDir({ platform: 'linux', env: { XDG_DATA_HOME: 'rel/xdg' }, home }).dir).toBe(
      '/home/rossi/.local/share/sportello',
    );
  });

  it('on macOS is Application Support/Sportello', () => {
    expect(resolveDataDir({ platform: 'darwin', env: {}, home: '/Users/rossi' }).dir).toBe(
      '/Users/rossi/Library/Application Support/Sportello',
    );
  });

  it("takes the administrator's SPORTELLO_DATA_DIR on every platform, as an absolute path; blank is no override", () => {
    expect(
      resolveDataDir({
        platform: 'win32',
        env: { SPORTELLO_DATA_DIR: 'D:\\Sportello\\dati' },
        home: 'C:\\x',
      }),
    ).toEqual({ dir: 'D:\\Sportello\\dati', source: 'override' });
    expect(
      resolveDataDir({ platform: 'linux', env: { SPORTELLO_DATA_DIR: '/var/lib/sportello' }, home: '/h' }),
    ).toEqual({ dir: '/var/lib/sportello', source: 'override' });
    expect(resolveDataDir({ platform: 'linux', env: { SPORTELLO_DATA_DIR: '  ' }, home: '/h' }).source).toBe(
      'default',
    );
  });

  it("keeps the administrator's file outside the user's folder", () => {
    expect(defaultAdminConfigFile({ platform: 'linux', env: {}, home: '/h' })).toBe(
      '/etc/sportello/config.json',
    );
    expect(
      defaultAdminConfigFile({ platform: 'win32', env: { ProgramData: 'C:\\ProgramData' }, home: 'C:\\x' }),
    ).toBe('C:\\ProgramData\\Sportello\\config.json');
  });

  it('gives the CLI, the browser host and the app (all through nodePaths) the same config and database folder', () => {
    const xdg = realpathSync(mkdtempSync(join(tmpdir(), 'xdg-')));
    const p = nodePaths({ HOME: '/nowhere', XDG_DATA_HOME: xdg });
    if (process.platform === 'linux') expect(p.dataDir).toBe(join(xdg, 'sportello'));
    expect(p.userConfigFile).toBe(join(p.dataDir, 'config.json'));
    expect(nodePaths({ SPORTELLO_DATA_DIR: xdg, SPORTELLO_ADMIN_CONFIG: '' })).toMatchObject({
      dataDir: xdg,
      adminConfigFile: null,
    });
  });
});
