import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { CardStatus } from '../../../core/contract/domains/identity';
import type { ContractError } from '../../../core/contract/errors';
import { useApi } from './desk';

/**
 * The reader as the clerk sees it: state, card in the slot, last problem; and the PIN check. The PIN typed in
 * the dialog goes to `identity.verifyPin` and is dropped: nothing here keeps it.
 */
export const useCardStore = defineStore('card', () => {
  const status = shallowRef<CardStatus | null>(null);
  const pinError = shallowRef<ContractError | null>(null);
  const verifying = ref(false);

  async function init(): Promise<void> {
    const a = useApi();
    a.card.onChanged((s) => (status.value = s));
    const r = await a.card.status();
    if (r.ok) status.value = r.value;
  }

  /** Resolves true when the holder proved the PIN; never retries on its own. */
  async function verifyPin(pin: string): Promise<boolean> {
    if (verifying.value) return false;
    verifying.value = true;
    pinError.value = null;
    try {
      const r = await useApi().identity.verifyPin({ pin });
      if (!r.ok) pinError.value = r.error;
      return r.ok;
    } finally {
      verifying.value = false;
    }
  }

  function resetPin(): void {
    pinError.value = null;
  }

  const rereading = ref(false);
  const rereadError = shallowRef<ContractError | null>(null);

  /**
   * Reads the card still in the reader again (its citizen was set aside): the citizen comes back through
   * `identity.changed`, as on an insertion. Resolves whether it did; the reason otherwise is in `rereadError`.
   */
  async function reread(): Promise<boolean> {
    if (rereading.value) return false;
    rereading.value = true;
    rereadError.value = null;
    try {
      const r = await useApi().card.reread();
      if (!r.ok) rereadError.value = r.error;
      return r.ok;
    } finally {
      rereading.value = false;
    }
  }

  return { status, pinError, verifying, init, verifyPin, resetPin, rereading, rereadError, reread };
});
