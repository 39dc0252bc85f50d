import { onBeforeUnmount, onMounted, ref, watch, type Ref, type WatchSource } from 'vue';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel'] as const;
/** Seconds of visible warning before an idle clear (at most half the idle time). */
const WARN_LEAD = 5;

/**
 * Privacy at a shared desk: when nobody has touched keyboard or mouse for `seconds`, run `clear` (the citizen's
 * data leave the screen). 0 disables it. Every activity restarts the count, and so does every change of
 * `arrivals` (a citizen identified, replaced or gone, whatever took how long: a slow identification gets the
 * full idle time after it lands). For the last few seconds `warning` holds the seconds left, so the clerk sees
 * the clear coming and a key keeps the citizen; it is shown only while `worth()` says there is something to
 * clear.
 */
export function useIdleClear(
  seconds: Ref<number>,
  clear: () => void,
  arrivals?: WatchSource,
  worth: () => boolean = () => true,
): { warning: Ref<number | null> } {
  const warning = ref<number | null>(null);
  let timers: ReturnType<typeof setTimeout>[] = [];
  const stop = () => {
    timers.forEach((x) => clearTimeout(x));
    timers = [];
    warning.value = null;
  };
  const restart = () => {
    stop();
    const total = seconds.value;
    if (total <= 0) return;
    const lead = Math.min(WARN_LEAD, Math.floor(total / 2));
    for (let left = lead; left >= 1; left--) {
      const n = left;
      timers.push(setTimeout(() => (warning.value = worth() ? n : null), (total - n) * 1000));
    }
    timers.push(
      setTimeout(() => {
        warning.value = null;
        clear();
      }, total * 1000),
    );
  };
  onMounted(() => {
    ACTIVITY.forEach((e) => window.addEventListener(e, restart, { passive: true, capture: true }));
    restart();
  });
  onBeforeUnmount(() => {
    ACTIVITY.forEach((e) => window.removeEventListener(e, restart, { capture: true }));
    stop();
  });
  watch(seconds, restart);
  if (arrivals) watch(arrivals, restart);
  return { warning };
}
