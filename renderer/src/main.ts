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
setApi(
  connectApi((up) => {
    desk.connected = up;
    if (up) void desk.load();
  }),
);
desk.watchLive();
void useCitizenStore().init();
useCitizenSessionStore().init();
void useOperatorStore().init();
app.mount('#app');
