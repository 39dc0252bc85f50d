import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../core/contract/errors';
import { describeConfigError, loadConfig } from '../../../electron/services/config/load';
import { createTestDesk } from '../../support/desk';
import { tempDir } from '../../support/temp';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.remove());

function load(user?: unknown, admin?: unknown) {
  const userFile = join(dir.path, 'config.json');
  const adminFile = join(dir.path, 'admin.json');
  if (user !== undefined) writeFileSync(userFile, typeof user === 'string' ? user : JSON.stringify(user));
  if (admin !== undefined) writeFileSync(adminFile, JSON.stringify(admin));
  return loadConfig({ userFile, adminFile });
}

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

describe('configuration', () => {
  it('starts in demo mode with Italian defaults when there is no file', () => {
    const { config, locked } = load();
    expect(config.backend).toEqual({ kind: 'demo' });
    expect(config.desk).toEqual({ locale: 'it', onCardRemoved: 'clear', idleClearSeconds: 300 });
    expect(locked).toEqual([]);
  });

  it('rejects an unknown key and names it in Italian', () => {
    const err = errorOf(() => load({ desk: { lcoale: 'en' } }));
    expect(err.code).toBe('CONFIG_INVALID');
    expect(describeConfigError(err)).toContain('desk: chiave sconosciuta: lcoale');
  });

  it('rejects a file that is not JSON, naming the file', () => {
    const err = errorOf(() => load('{ "deskName": '));
    expect(describeConfigError(err)).toMatch(/config\.json\): il file non è JSON valido/);
  });

  it("lets the administrator's file win and locks its keys", () => {
    const { config, locked } = load(
      { desk: { locale: 'en' } },
      { desk: { locale: 'it', idleClearSeconds: 60 } },
    );
    expect(config.desk.locale).toBe('it');
    expect(config.desk.idleClearSeconds).toBe(60);
    expect([...locked].sort()).toEqual(['desk.idleClearSeconds', 'desk.locale']);
  });
});

describe('settings through the contract', () => {
  it('writes clerk changes to the desk file and reloads them', async () => {
    const t = createTestDesk();
    const r = await t.desk.api.settings.update({ desk: { locale: 'en' } });
    expect(r.ok && r.value.desk.locale).toBe('en');
    expect(JSON.parse(readFileSync(t.platform.paths.userConfigFile, 'utf8'))).toEqual({
      desk: { locale: 'en' },
    });
    await t.dispose();
  });

  it('refuses to change a key the administrator fixed, and keeps the file as it was', async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello 2' }, admin: { desk: { locale: 'it' } } });
    const before = readFileSync(t.platform.paths.userConfigFile, 'utf8');
    const r = await t.desk.api.settings.update({ desk: { locale: 'en' } });
    expect(r).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { reason: 'LOCKED_BY_ADMIN', keys: ['locale'] } },
    });
    expect(readFileSync(t.platform.paths.userConfigFile, 'utf8')).toBe(before);
    const view = await t.desk.api.settings.get();
    expect(view.ok && view.value.locked).toEqual(['desk.locale']);
    await t.dispose();
  });

  it('rejects an out-of-range value without touching the file', async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello 3' } });
    const r = await t.desk.api.settings.update({ desk: { idleClearSeconds: -1 } });
    expect(r.ok).toBe(false);
    expect(JSON.parse(readFileSync(t.platform.paths.userConfigFile, 'utf8'))).toEqual({
      deskName: 'Sportello 3',
    });
    await t.dispose();
  });
});
