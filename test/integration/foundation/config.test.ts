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
      error: {
        code: 'INVALID_INPUT',
        details: { reason: 'LOCKED_BY_ADMIN', keys: ['locale'], file: t.platform.paths.adminConfigFile },
      },
    });
    expect(readFileSync(t.platform.paths.userConfigFile, 'utf8')).toBe(before);
    const view = await t.desk.api.settings.get();
    expect(view.ok && view.value.locked).toEqual(['desk.locale']);
    expect(view.ok && view.value.adminFile).toBe(t.platform.paths.adminConfigFile);
    // A change that mixes a free key with a locked one is refused whole: nothing half-saved.
    const mixed = await t.desk.api.settings.update({ desk: { idleClearSeconds: 90, locale: 'en' } });
    expect(!mixed.ok && mixed.error.details).toMatchObject({ reason: 'LOCKED_BY_ADMIN', keys: ['locale'] });
    expect(readFileSync(t.platform.paths.userConfigFile, 'utf8')).toBe(before);
    await t.dispose();
  });

  it('obeys a key the administrator locked after the desk started', async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello 5' }, admin: {} });
    expect((await t.desk.api.settings.update({ desk: { idleClearSeconds: 60 } })).ok).toBe(true);
    writeFileSync(t.platform.paths.adminConfigFile!, JSON.stringify({ desk: { idleClearSeconds: 600 } }));
    const r = await t.desk.api.settings.update({ desk: { idleClearSeconds: 90 } });
    expect(!r.ok && r.error.details).toMatchObject({ reason: 'LOCKED_BY_ADMIN', keys: ['idleClearSeconds'] });
    expect(JSON.parse(readFileSync(t.platform.paths.userConfigFile, 'utf8'))).toEqual({
      deskName: 'Sportello 5',
      desk: { idleClearSeconds: 60 },
    });
    await t.dispose();
  });

  it('keeps every other key of the desk file, and says which keys the administrator set elsewhere', async () => {
    const user = {
      deskName: 'Sportello 4',
      desk: { locale: 'en', onCardRemoved: 'keep' },
      retentionDays: 12,
    } as const;
    const t = createTestDesk({
      config: user,
      admin: { desk: { onCardRemoved: 'clear' }, retentionDays: 30 },
    });
    const r = await t.desk.api.settings.update({ desk: { idleClearSeconds: 45, locale: 'it' } });
    expect(r.ok && r.value.desk).toEqual({ locale: 'it', onCardRemoved: 'clear', idleClearSeconds: 45 });
    expect(r.ok && r.value.lockedElsewhere).toEqual(['retentionDays']);
    // The desk's own file: the clerk's two keys changed, everything else as it was (the admin's value is not
    // copied into it).
    expect(JSON.parse(readFileSync(t.platform.paths.userConfigFile, 'utf8'))).toEqual({
      deskName: 'Sportello 4',
      desk: { locale: 'it', onCardRemoved: 'keep', idleClearSeconds: 45 },
      retentionDays: 12,
    });
    await t.dispose();
  });

  it('rejects an out-of-range value without touching the file', async () => {
    const t = createTestDesk({ config: { deskName: 'Sportello 3' } });
    // Below zero, switched off (0: only the administrator's file may), too short, too long, not whole seconds.
    for (const idleClearSeconds of [-1, 0, 29, 3601, 90.5]) {
      const r = await t.desk.api.settings.update({ desk: { idleClearSeconds } });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
      expect(!r.ok && r.error.details).toMatchObject({
        reason: 'SCHEMA',
        issues: [{ path: 'desk.idleClearSeconds' }],
      });
    }
    for (const desk of [{ locale: 'fr' }, { onCardRemoved: 'lock' }, { retentionDays: 1 }]) {
      const r = await t.desk.api.settings.update({ desk } as never);
      expect(!r.ok && r.error.code).toBe('INVALID_INPUT');
    }
    expect(JSON.parse(readFileSync(t.platform.paths.userConfigFile, 'utf8'))).toEqual({
      deskName: 'Sportello 3',
    });
    const ok = await t.desk.api.settings.update({ desk: { idleClearSeconds: 30 } });
    expect(ok.ok && ok.value.desk.idleClearSeconds).toBe(30);
    await t.dispose();
  });
});
