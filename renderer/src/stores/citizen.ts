import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { ContractError } from '../../../core/contract/errors';
import type { DecodedFiscalCode } from '../../../core/contract/domains/fiscal';
import type { Identity } from '../../../core/contract/domains/identity';
import { quickCheckFiscalCode } from '../../../core/fiscal-code/quick-check';
import { useApi } from './desk';

/**
 * The citizen in front of the clerk. The fiscal-code field is checked on every keystroke in the page itself
 * (pure rules from core), and decoded by the desk services once it is complete, for the birthplace name.
 */
export const useCitizenStore = defineStore('citizen', () => {
  const input = ref('');
  const identity = shallowRef<Identity | null>(null);
  const decoded = shallowRef<DecodedFiscalCode | null>(null);
  const error = shallowRef<ContractError | null>(null);
  const busy = ref(false);
  let seq = 0;

  const localCheck = computed(() => quickCheckFiscalCode(input.value));

  async function onInput(value: string): Promise<void> {
    input.value = value;
    decoded.value = null;
    const mine = ++seq;
    const local = localCheck.value;
    if (local.state !== 'complete') {
      error.value = local.state === 'invalid' ? local.error : null;
      return;
    }
    const r = await useApi().fiscalCode.decode({ code: value });
    if (mine !== seq) return;
    if (r.ok) {
      decoded.value = r.value;
      error.value = null;
    } else error.value = r.error;
  }

  async function submit(): Promise<void> {
    if (busy.value) return;
    // Enter on the code of the citizen already on screen (e.g. read from their card) keeps them as they are.
    const who = identity.value;
    if (who && [who.fiscalCode, who.displayCode].includes(input.value.trim().toUpperCase())) return;
    busy.value = true;
    try {
      const r = await useApi().identity.fromFiscalCode({ code: input.value });
      if (r.ok) {
        identity.value = r.value;
        error.value = null;
      } else error.value = r.error;
    } finally {
      busy.value = false;
    }
  }

  /**
   * The field always shows the citizen on screen, or nothing: a citizen arriving by card replaces whatever
   * was typed (and its decoded line), so Enter cannot switch back to a half-typed code.
   */
  function showIdentity(who: Identity): void {
    if (input.value.trim().toUpperCase() === who.fiscalCode) return;
    input.value = who.source === 'card' ? who.displayCode : input.value;
    if (who.source === 'card') {
      decoded.value = null;
      error.value = null;
      seq++;
    }
  }

  /** Forgets the citizen in this page only (the desk has already done so, or is told by `clear`). */
  function reset(keepInput = ''): void {
    input.value = keepInput;
    decoded.value = null;
    error.value = null;
    seq++;
    identity.value = null;
  }

  /** Use through the citizen session's `end`, which also empties positions and printing. */
  async function clear(keepInput = '', sessionOpen = false): Promise<void> {
    const had = identity.value !== null || sessionOpen;
    reset(keepInput);
    if (had) await useApi().identity.clear();
  }

  /** Takes the desk's word for who is at the desk (start, and a reconnection after the host restarted). */
  async function resync(): Promise<void> {
    const asked = identity.value;
    const r = await useApi().identity.current();
    // An identification (or its event) that landed while this question was on its way is newer than the answer:
    // a desk still starting answers late, and its stale "nobody" must not end the citizen just identified.
    if (r.ok && identity.value === asked) identity.value = r.value;
  }

  async function init(): Promise<void> {
    useApi().identity.onChanged((id) => (identity.value = id));
    await resync();
  }

  return {
    input,
    identity,
    decoded,
    error,
    busy,
    localCheck,
    onInput,
    submit,
    reset,
    clear,
    init,
    resync,
    showIdentity,
  };
});
