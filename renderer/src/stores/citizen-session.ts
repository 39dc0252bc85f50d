import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { Identity } from '../../../core/contract/domains/identity';
import { useCitizenStore } from './citizen';
import { useFeesStore } from './fees';
import { usePositionsStore } from './positions';
import { usePrintingStore } from './printing';

export type SessionEndReason = 'close' | 'next' | 'idle' | 'typed' | 'card' | 'new-identity';

const sameCitizen = (a: Identity, b: Identity) =>
  a.fiscalCode === b.fiscalCode && a.identifiedAt === b.identifiedAt;

/**
 * One citizen at a time. A session starts when a citizen is identified (card, typed code) or a notice is looked
 * up by number, and ends on close (Esc, the button, F2), idle, card removal or a new identification. Everything
 * citizen-scoped lives in the citizen, positions, printing and fees stores; this store is the one way it all leaves:
 * `end` empties every one of them in the same tick, so no later render can show the previous citizen.
 */
export const useCitizenSessionStore = defineStore('citizenSession', () => {
  /** This page's id for the session in progress; null between citizens. */
  const id = ref<string | null>(null);
  /** Citizens served since this page opened (the clerk's count in the status bar). */
  const served = ref(0);
  let started = false;

  function clearScoped(): void {
    usePositionsStore().reset();
    usePrintingStore().resetCitizen();
    // A fee being asked and the payment checks of the notices on screen are the citizen's too (issue 19).
    useFeesStore().reset();
  }

  function begin(): void {
    if (id.value) clearScoped();
    id.value = crypto.randomUUID();
    served.value++;
  }

  /** Starts a session for an anonymous notice-number lookup, unless one is already running. */
  function ensure(): void {
    if (!id.value) begin();
  }

  /**
   * Ends the session: the screen empties at once (synchronously), then the desk is told. `keepInput` is the code
   * the clerk is typing, which stays in the field when typing is what ended the session.
   */
  async function end(reason: SessionEndReason, keepInput = ''): Promise<void> {
    void reason;
    const open = id.value !== null;
    id.value = null;
    clearScoped();
    await useCitizenStore().clear(keepInput, open);
  }

  /** The code field changed: a code other than the identified citizen's ends that citizen's session at once. */
  async function typed(value: string): Promise<void> {
    const citizen = useCitizenStore();
    const who = citizen.identity;
    const norm = value.trim().toUpperCase();
    // The screen empties synchronously inside `end`; the desk is told without holding up the keystroke, so a
    // later keystroke can never be overwritten by this one's late answer.
    if ((who && norm !== who.fiscalCode && norm !== who.displayCode) || (!who && id.value))
      void end('typed', value);
    await citizen.onInput(value);
  }

  function init(): void {
    if (started) return;
    started = true;
    const citizen = useCitizenStore();
    watch(
      () => citizen.identity,
      (now, before) => {
        if (now && (!before || !sameCitizen(now, before))) {
          begin();
          citizen.showIdentity(now);
          void usePositionsStore().load(now.fiscalCode);
        } else if (!now && before && id.value) {
          // The desk ended it (card removed, another window): the page follows.
          id.value = null;
          clearScoped();
          citizen.reset();
        }
      },
      { immediate: true },
    );
  }

  return { id, served, init, begin, ensure, end, typed };
});
