import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { OperatorSession } from '../../../core/contract/domains/operators';
import type { ContractError } from '../../../core/contract/errors';
import { useCitizenSessionStore } from './citizen-session';
import { useApi } from './desk';

/**
 * Who holds the desk, as the services say (`operator.*`). The password typed in the sign-in screen goes to the
 * desk and is dropped: nothing here keeps it. A lock or a sign-out ends the citizen session in this page too.
 */
export const useOperatorStore = defineStore('operator', () => {
  const session = shallowRef<OperatorSession | null>(null);
  const error = shallowRef<ContractError | null>(null);
  const busy = ref(false);

  function accept(s: OperatorSession): void {
    const before = session.value;
    session.value = s;
    const left = s.locked || s.operator?.fiscalCode !== before?.operator?.fiscalCode;
    if (before && left) void useCitizenSessionStore().end('close');
  }

  async function init(): Promise<void> {
    useApi().operator.onChanged(accept);
    await resync();
  }

  /** Who holds the desk, asked again after a reconnection (a restarted host may hold it no more). */
  async function resync(): Promise<void> {
    const asked = session.value;
    const r = await useApi().operator.current();
    // A sign-in, lock or event that landed meanwhile is newer than this answer (a desk still starting answers late).
    if (r.ok && session.value === asked) accept(r.value);
  }

  async function run(call: () => ReturnType<ReturnType<typeof useApi>['operator']['current']>) {
    if (busy.value) return false;
    busy.value = true;
    error.value = null;
    try {
      const r = await call();
      if (r.ok) accept(r.value);
      else error.value = r.error;
      return r.ok;
    } finally {
      busy.value = false;
    }
  }

  const signIn = (fiscalCode: string, password: string) =>
    run(() => useApi().operator.signIn({ fiscalCode, password }));
  const unlock = (password: string) => run(() => useApi().operator.unlock({ password }));
  const signInCard = (pin: string) => run(() => useApi().operator.signInCard({ pin }));
  const lock = () => run(() => useApi().operator.lock());
  const signOut = () => run(() => useApi().operator.signOut());

  return { session, error, busy, init, resync, signIn, signInCard, unlock, lock, signOut };
});
