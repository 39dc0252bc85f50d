import { nextTick, onBeforeUnmount, onMounted } from 'vue';
import { useCitizenSessionStore } from '../stores/citizen-session';

/** Puts the clerk back in the code field, ready for the next citizen. */
export function focusCodeField(): void {
  void nextTick(() => document.querySelector<HTMLInputElement>('[data-testid="cf-input"]')?.focus());
}

/**
 * The desk's citizen keys, from anywhere on the desk screen: Esc closes the citizen ("Chiudi cittadino (Esc)"),
 * F2 is "next citizen" (close and back to the code field). A dialog answers Esc itself (it closes the dialog,
 * not the citizen), so keys coming from inside one are left alone.
 */
export function useDeskKeys(): void {
  const session = useCitizenSessionStore();
  const onKey = (e: KeyboardEvent): void => {
    if (e.key !== 'Escape' && e.key !== 'F2') return;
    if (e.defaultPrevented || e.isComposing) return;
    if (e.target instanceof Element && e.target.closest('[role="dialog"], [role="alertdialog"], dialog'))
      return;
    if (document.querySelector('[aria-modal="true"]')) return;
    e.preventDefault();
    void session.end(e.key === 'F2' ? 'next' : 'close');
    focusCodeField();
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
