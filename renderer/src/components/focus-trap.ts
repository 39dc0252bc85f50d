import { nextTick, onBeforeUnmount, onMounted, type Ref } from 'vue';

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps Tab inside a modal dialog and gives focus back to where it was when the dialog closes, so a
 * keyboard-only clerk never lands behind the backdrop.
 */
export function useFocusTrap(root: Ref<HTMLElement | null>, initial?: Ref<HTMLElement | null>) {
  let before: HTMLElement | null = null;
  onMounted(() => {
    before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    void nextTick(() => {
      initial?.value?.focus();
      // A disabled first choice cannot take focus: the dialog itself holds it until the choice is ready.
      if (!root.value?.contains(document.activeElement)) root.value?.focus();
    });
  });
  onBeforeUnmount(() => {
    if (before && document.contains(before)) before.focus();
  });
  return function onTab(e: KeyboardEvent): void {
    if (e.key !== 'Tab' || !root.value) return;
    const items = [...root.value.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
      (el) => el.offsetParent !== null,
    );
    if (items.length === 0) {
      e.preventDefault();
      return;
    }
    const first = items[0]!;
    const last = items[items.length - 1]!;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || !root.value.contains(active))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (active === last || !root.value.contains(active))) {
      e.preventDefault();
      first.focus();
    }
  };
}
