import { createPinia } from 'pinia';
import { createApp } from 'vue';
import App from './App.vue';
import { connectApi } from './api';
import { i18n } from './i18n';
import { setApi, useDeskStore } from './stores/desk';
import { useCitizenStore } from './stores/citizen';
import { useCitizenSessionStore } from './stores/citizen-session';
import { useOperatorStore } from './stores/operator';
import './styles.css';

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
