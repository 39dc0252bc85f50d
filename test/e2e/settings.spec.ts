import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test as base } from '@playwright/test';
import { startHostProcess, type HostProcess } from '../support/host-process';
import { tempDir } from '../support/temp';
import { ARTIFACTS, expect } from './fixtures';

const FIRST_LOAD = { timeout: 30_000 };

async function openDesk(page: Page, url: string): Promise<void> {
  await page.goto(url, FIRST_LOAD);
  await expect(page.getByTestId('cf-input')).toBeFocused(FIRST_LOAD);
}

/** Ctrl+comma from the code field: the dialog takes focus, Esc gives it back to the field. */
async function openSettings(page: Page) {
  await page.getByTestId('cf-input').focus();
  await page.keyboard.press('Control+Comma');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('setting-idle-input')).not.toHaveValue('');
  return dialog;
}

/** The desk's own file as it is on disk (null: not written yet). */
function userFile(dataDir: string): string | null {
  try {
    return readFileSync(join(dataDir, 'config.json'), 'utf8');
  } catch {
    return null;
  }
}

/** One contract call over the page's own session, as any script in the page could make it. */
async function callDirect(page: Page, method: string, payload: unknown) {
  return page.evaluate(
    async ({ method, payload }) => {
      const secret = sessionStorage.getItem('sportello.hostSession')!;
      const ws = new WebSocket(`ws://${location.host}/ws?session=${encodeURIComponent(secret)}`);
      await new Promise((r) => (ws.onopen = r));
      const answer = new Promise<unknown>((resolve) => {
        ws.onmessage = (ev) => {
          const f = JSON.parse(String(ev.data)) as { t: string; id?: number; response?: unknown };
          if (f.t === 'result' && f.id === 7) resolve(f.response);
        };
      });
      ws.send(JSON.stringify({ t: 'call', id: 7, method, payload }));
      const r = await answer;
      ws.close();
      return r;
    },
    { method, payload },
  );
}

/**
 * The clerk's settings survive a reload and a restart of the host, and the idle time is in force at once.
 * Twice: English and 90 s, then Italian and 45 s, each kept across a reload and a restart.
 */
base(
  'a clerk changes language and idle time; both are kept after a reload and after two restarts',
  async ({ page }) => {
    const dir = tempDir('sportello-settings-');
    let host: HostProcess | null = null;
    try {
      const rounds = [
        { lang: 'en', idle: 90, title: 'pagoPA Desk', saved: 'Settings saved' },
        { lang: 'it', idle: 45, title: 'Sportello pagoPA', saved: 'Impostazioni salvate' },
      ] as const;
      await page.clock.install();
      for (const r of rounds) {
        host = await startHostProcess({ dataDir: dir.path });
        await openDesk(page, host.url);
        const dialog = await openSettings(page);
        await dialog.getByTestId(`setting-locale-${r.lang}`).check();
        await dialog.getByTestId('setting-idle-input').fill(String(r.idle));
        await dialog.getByTestId('setting-idle-input').press('Enter');
        await expect(dialog.getByTestId('settings-note')).toContainText(r.saved);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(r.title);
        await expect(page.locator('html')).toHaveAttribute('lang', r.lang);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);
        await expect(page.getByTestId('cf-input')).toBeFocused();

        // In force at once, without a reload: a citizen leaves after the new idle time, not the old one.
        const now = await page.evaluate(() => Date.now());
        await page.clock.pauseAt(now + 1_000);
        await page.keyboard.type('RSSMRA80A01H501U');
        await page.keyboard.press('Enter');
        await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
        await page.clock.runFor((r.idle - 2) * 1_000);
        await expect(page.getByTestId('identity-code')).toHaveText('RSSMRA80A01H501U');
        await page.clock.runFor(3_000);
        await expect(page.getByTestId('identity-empty')).toBeVisible();
        await page.clock.resume();

        // Written to the desk's own file (read back as the administrator would).
        const file = JSON.parse(readFileSync(join(dir.path, 'config.json'), 'utf8')) as {
          desk: Record<string, unknown>;
        };
        expect(file.desk).toMatchObject({ locale: r.lang, idleClearSeconds: r.idle });
        // Audited: the last settings row of the desk's log (read by the sqlite3 tool) is this change.
        const audited = execFileSync(
          'sqlite3',
          [
            '-readonly',
            join(dir.path, 'sportello.sqlite'),
            "SELECT details FROM audit_log WHERE action = 'config.desk-settings' ORDER BY id DESC LIMIT 1",
          ],
          { encoding: 'utf8' },
        );
        expect(JSON.parse(audited)).toEqual({ locale: r.lang, idleClearSeconds: r.idle });

        await page.reload();
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(r.title, FIRST_LOAD);
        const again = await openSettings(page);
        await expect(again.getByTestId('setting-idle-input')).toHaveValue(String(r.idle));
        await expect(again.getByTestId(`setting-locale-${r.lang}`)).toBeChecked();
        await page.keyboard.press('Escape');

        // The host restarts on the same data folder: the settings are still the clerk's.
        await host.stop();
        host = await startHostProcess({ dataDir: dir.path });
        await openDesk(page, host.url);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(r.title);
        const kept = await openSettings(page);
        await expect(kept.getByTestId('setting-idle-input')).toHaveValue(String(r.idle));
        await expect(kept.getByTestId(`setting-locale-${r.lang}`)).toBeChecked();
        await page.keyboard.press('Escape');
        await host.stop();
        host = null;
      }
    } finally {
      await host?.stop();
      dir.remove();
    }
  },
);

/**
 * The administrator's file fixes the idle time and what card removal does: the screen shows them read-only
 * with the file that fixes them, the clerk cannot change them, and the contract itself refuses the change with
 * a typed error (LOCKED_BY_ADMIN, the keys, the file) whatever the page does. Twice, across a restart.
 */
base(
  'keys locked by the administrator are shown locked and refused, in the screen and in the contract',
  async ({ page }) => {
    const dir = tempDir('sportello-settings-admin-');
    const adminFile = join(dir.path, 'admin', 'config.json');
    mkdirSync(join(dir.path, 'admin'));
    writeFileSync(
      adminFile,
      JSON.stringify({ desk: { idleClearSeconds: 120, onCardRemoved: 'keep' }, retentionDays: 30 }),
    );
    const env = { SPORTELLO_ADMIN_CONFIG: adminFile };
    let host: HostProcess | null = null;
    try {
      for (let round = 0; round < 2; round++) {
        host = await startHostProcess({ dataDir: dir.path, env });
        await openDesk(page, host.url);
        const dialog = await openSettings(page);
        const idle = dialog.getByTestId('setting-idle');
        await expect(idle.getByTestId('setting-idle-input')).toHaveValue('120');
        await expect(idle.getByTestId('setting-idle-input')).toHaveAttribute('readonly', '');
        await expect(idle.getByTestId('locked-note')).toContainText('Bloccato dall’amministratore');
        await expect(idle.getByTestId('locked-note')).toContainText(adminFile);
        const card = dialog.getByTestId('setting-card');
        await expect(card.getByTestId('setting-card-keep')).toBeChecked();
        await expect(card.getByTestId('setting-card-clear')).toBeDisabled();
        await expect(card.getByTestId('locked-note')).toContainText(adminFile);
        // The language is not locked: it stays the clerk's.
        await expect(dialog.getByTestId('setting-locale-en')).toBeEnabled();
        await expect(dialog.getByTestId('settings-elsewhere')).toContainText('retentionDays');
        // Focus starts on what may be changed, never on a locked control; Tab stays inside the dialog.
        await expect(dialog.getByTestId('setting-locale-it')).toBeFocused();
        for (let i = 0; i < 8; i++) {
          await page.keyboard.press('Tab');
          expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
        }
        // Typing into the locked field changes nothing, and saving leaves the administrator's value.
        await idle.getByTestId('setting-idle-input').click();
        await page.keyboard.type('5');
        await expect(idle.getByTestId('setting-idle-input')).toHaveValue('120');
        await dialog.getByTestId('settings-save').click();
        await expect(dialog.getByTestId('settings-note')).toContainText('Nessuna modifica');
        if (round === 0) {
          await page.screenshot({ path: `${ARTIFACTS}/settings-locked.png` });
          const axe = await new AxeBuilder({ page }).include('[data-testid="settings-dialog"]').analyze();
          expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
        }
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toHaveCount(0);

        // The contract, asked directly, refuses with a typed error and writes nothing.
        const before = userFile(dir.path);
        const refused = await callDirect(page, 'settings.update', { desk: { idleClearSeconds: 600 } });
        expect(refused).toEqual({
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            details: { reason: 'LOCKED_BY_ADMIN', keys: ['idleClearSeconds'], file: adminFile },
          },
        });
        const mixed = await callDirect(page, 'settings.update', {
          desk: { locale: 'en', onCardRemoved: 'clear' },
        });
        expect(mixed).toMatchObject({
          ok: false,
          error: { code: 'INVALID_INPUT', details: { reason: 'LOCKED_BY_ADMIN', keys: ['onCardRemoved'] } },
        });
        // Out of the clerk's range (0 would switch the clear off): refused where it enters.
        const off = await callDirect(page, 'settings.update', {
          desk: { locale: 'en', idleClearSeconds: 0 },
        });
        expect(off).toMatchObject({
          ok: false,
          error: {
            code: 'INVALID_INPUT',
            details: { reason: 'SCHEMA', issues: [{ path: 'desk.idleClearSeconds' }] },
          },
        });
        expect(userFile(dir.path)).toBe(before);
        const view = (await callDirect(page, 'settings.get', {})) as {
          ok: true;
          value: { desk: Record<string, unknown>; locked: string[]; adminFile: string };
        };
        expect(view.value.desk).toMatchObject({ idleClearSeconds: 120, onCardRemoved: 'keep', locale: 'it' });
        expect([...view.value.locked].sort()).toEqual(['desk.idleClearSeconds', 'desk.onCardRemoved']);
        await host.stop();
        host = null;
      }
    } finally {
      await host?.stop();
      dir.remove();
    }
  },
);

/** The administrator fixes the language: the header's IT/EN and the screen's choice are locked to it. */
base(
  'a language fixed by the administrator cannot be switched from the header or the screen',
  async ({ page }) => {
    const dir = tempDir('sportello-settings-lang-');
    const adminFile = join(dir.path, 'admin.json');
    writeFileSync(adminFile, JSON.stringify({ desk: { locale: 'en' } }));
    const host = await startHostProcess({ dataDir: dir.path, env: { SPORTELLO_ADMIN_CONFIG: adminFile } });
    try {
      await openDesk(page, host.url);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('pagoPA Desk');
      await expect(page.getByRole('button', { name: 'IT', exact: true })).toBeDisabled();
      const dialog = await openSettings(page);
      await expect(dialog.getByTestId('setting-locale-it')).toBeDisabled();
      await expect(dialog.getByTestId('setting-locale')).toContainText(
        `Locked by the administrator: set by the file ${adminFile}.`,
      );
      // The idle time is still the clerk's.
      await dialog.getByTestId('setting-idle-input').fill('15');
      await page.keyboard.press('Enter');
      await expect(dialog.getByTestId('setting-idle-error')).toContainText('from 30 to 3600');
      await expect(dialog.getByTestId('setting-idle-input')).toBeFocused();
      await dialog.getByTestId('setting-idle-input').fill('600');
      await page.keyboard.press('Enter');
      await expect(dialog.getByTestId('settings-note')).toHaveText('Settings saved: in force now.');
      await expect(dialog.getByTestId('setting-idle')).toContainText('Now: 10 min.');
      const refused = await callDirect(page, 'settings.update', { desk: { locale: 'it' } });
      expect(refused).toEqual({
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          details: { reason: 'LOCKED_BY_ADMIN', keys: ['locale'], file: adminFile },
        },
      });
      await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    } finally {
      await host.stop();
      dir.remove();
    }
  },
);
