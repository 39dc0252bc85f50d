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

  async function load(): Promise<void> {
    const a = useApi();
    const [s, st] = await Promise.all([a.system.status(), a.settings.get()]);
    if (s.ok) status.value = s.value;
    if (st.ok) {
      settings.value = st.value.desk;
      i18n.global.locale.value = st.value.desk.locale;
    }
  }

  function watchLive(): void {
    useApi().system.onStatusChanged((s) => (status.value = s));
  }

  async function setLocale(locale: DeskSettings['locale']): Promise<void> {
    i18n.global.locale.value = locale;
    const r = await useApi().settings.update({ desk: { locale } });
    if (r.ok) settings.value = r.value.desk;
  }

  return { connected, status, settings, load, watchLive, setLocale };
});
