import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connectApi } from './api';
import { i18n } from './i18n';
import { setApi, useDeskStore } from './stores/desk';
import { useCitizenStore } from './stores/citizen';
import { useCitizenSessionStore } from './stores/citizen-session';
import { useOperatorStore } from './stores/operator';
import DisplayScreen from './display/DisplayScreen.vue';
import { isDisplayPage } from './display/display-socket';
import './styles.css';

/** The clerk's desk: the contract over the launch token / session secret, every store. */
function startDesk(): void {
  const app = createApp(App).use(createPinia()).use(i18n);
  const desk = useDeskStore();
  let dropped = false;
  setApi(
    connectApi((up) => {
      desk.connected = up;
      if (!up) dropped = true;
      if (up) void desk.load();
      // Back after a drop (the host restarted): the desk's word on who holds it and who is at it wins, so a
      // restarted desk that holds no citizen takes the previous one off this page.
      if (up && dropped) {
        dropped = false;
        void useCitizenStore().resync();
        void useOperatorStore().resync();
      }
    }),
  );
  desk.watchLive();
  void useCitizenStore().init();
  useCitizenSessionStore().init();
  void useOperatorStore().init();
  app.mount('#app');
}

// The same page serves the citizen's display when opened with its display-only token: no store, no contract.
if (isDisplayPage()) createApp(DisplayScreen).use(i18n).mount('#app');
else startDesk();
