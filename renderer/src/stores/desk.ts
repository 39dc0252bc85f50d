import { defineStore } from 'pinia';
import { shallowRef, ref } from 'vue';
import type { SportelloApi } from '../../../core/contract/client';
import type { SystemStatus } from '../../../core/contract/domains/system';
import type { ContractError } from '../../../core/contract/errors';
import type { ClerkSettingsPatch, DeskSettings, SettingsView } from '../../../core/contract/domains/settings';
import { i18n } from '../i18n';

let api: SportelloApi | null = null;

export function setApi(a: SportelloApi): void {
  api = a;
}

/** The contract client; set once at start-up, before any store is used. */
export function useApi(): SportelloApi {
  if (!api) throw new Error('API not connected');
  return api;
}

/** Desk-wide state: connection, live status, the clerk's settings. */
export const useDeskStore = defineStore('desk', () => {
  const connected = ref(false);
  const status = shallowRef<SystemStatus | null>(null);
  const settings = shallowRef<DeskSettings | null>(null);
  /** The settings with what the administrator's file locks (the settings screen shows both). */
  const view = shallowRef<SettingsView | null>(null);

  /** Bumped by each change the clerk makes: an answer asked for before it is older than that change. */
  let changes = 0;
  let statusPushes = 0;

  async function load(): Promise<void> {
    const a = useApi();
    const asked = changes;
    const pushed = statusPushes;
    const [s, st] = await Promise.all([a.system.status(), a.settings.get()]);
    // Likewise a status pushed by the desk meanwhile is newer than this answer.
    if (s.ok && statusPushes === pushed) status.value = s.value;
    // A desk still starting answers late: its settings must not undo a language the clerk chose meanwhile.
    if (st.ok && changes === asked) apply(st.value);
  }

  function apply(v: SettingsView): void {
    view.value = v;
    settings.value = v.desk;
    i18n.global.locale.value = v.desk.locale;
  }

  /** Asks the desk again (the settings screen opens on what is in force, the administrator's file included). */
  async function loadSettings(): Promise<void> {
    const asked = changes;
    const st = await useApi().settings.get();
    if (st.ok && changes === asked) apply(st.value);
  }

  const isLocked = (key: keyof DeskSettings) => !!view.value?.locked.includes(`desk.${key}`);

  /**
   * The clerk's change, saved through the contract; in force at once on this page (language, and the idle
   * timer, which watches `settings`). Answers the desk's refusal, if any.
   */
  async function save(patch: ClerkSettingsPatch): Promise<ContractError | null> {
    changes++;
    const r = await useApi().settings.update({ desk: patch });
    if (!r.ok) return r.error;
    apply(r.value);
    return null;
  }

  function watchLive(): void {
    useApi().system.onStatusChanged((s) => {
      statusPushes++;
      status.value = s;
    });
  }

  async function setLocale(locale: DeskSettings['locale']): Promise<void> {
    // Fixed by the administrator: the page keeps the desk's language rather than one the desk refuses.
    if (isLocked('locale')) return;
    changes++;
    i18n.global.locale.value = locale;
    const r = await useApi().settings.update({ desk: { locale } });
    if (r.ok) {
      view.value = r.value;
      settings.value = r.value.desk;
    }
  }

  return { connected, status, settings, view, load, loadSettings, isLocked, save, watchLive, setLocale };
});
