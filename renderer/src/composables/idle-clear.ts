import { onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel'] as const;

/**
 * Privacy at a shared desk: when nobody has touched keyboard or mouse for `seconds`, run `clear` (the citizen's
 * data leave the screen). 0 disables it. Every activity restarts the count, and so does a change of `arrivals`
 * (a citizen identified after the last keystroke, e.g. on a slow answer, gets the full idle time too).
 */
export function useIdleClear(seconds: Ref<number>, clear: () => void, arrivals?: WatchSource): void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const restart = () => {
    if (timer) clearTimeout(timer);
    timer = seconds.value > 0 ? setTimeout(clear, seconds.value * 1000) : null;
  };
  onMounted(() => {
    ACTIVITY.forEach((e) => window.addEventListener(e, restart, { passive: true, capture: true }));
    restart();
  });
  onBeforeUnmount(() => {
    ACTIVITY.forEach((e) => window.removeEventListener(e, restart, { capture: true }));
    if (timer) clearTimeout(timer);
  });
  watch(seconds, restart);
  if (arrivals) watch(arrivals, restart);
}
