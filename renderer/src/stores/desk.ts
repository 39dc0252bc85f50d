import { defineStore } from 'pinia';
import { shallowRef, ref } from 'vue';
import type { SportelloApi } from '../../../core/contract/client';
import type { SystemStatus } from '../../../core/contract/domains/system';
import type { DeskSettings } from '../../../core/contract/domains/settings';
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
    if (st.ok && changes === asked) {
      settings.value = st.value.desk;
      i18n.global.locale.value = st.value.desk.locale;
    }
  }

  function watchLive(): void {
    useApi().system.onStatusChanged((s) => {
      statusPushes++;
      status.value = s;
    });
  }

  async function setLocale(locale: DeskSettings['locale']): Promise<void> {
    changes++;
    i18n.global.locale.value = locale;
    const r = await useApi().settings.update({ desk: { locale } });
    if (r.ok) settings.value = r.value.desk;
  }

  return { connected, status, settings, load, watchLive, setLocale };
});
