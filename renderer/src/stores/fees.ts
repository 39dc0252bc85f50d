import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Output } from '../../../core/contract';
import type { ContractError } from '../../../core/contract/errors';
import { useApi } from './desk';

export type FeeCatalogue = Output<'fees.catalogue'>;
export type FeeQuote = Output<'fees.quote'>;
export type PaymentCheck = Output<'fees.check'>;

export interface FeeDraft {
  serviceId: string;
  quantity?: number | undefined;
  amountCents?: number | undefined;
  anonymous: boolean;
  fiscalCode?: string | undefined;
  payerName?: string | undefined;
}

/**
 * Fees asked at the desk: the catalogue, the quote while the clerk types, the creation with one request key per
 * confirmation (a repeated Enter or a retry after a timeout sends the same key: one debt), and the live
 * payment checks of the notices on screen. Nothing here outlives the citizen: `reset` clears it all.
 */
export const useFeesStore = defineStore('fees', () => {
  const catalogue = shallowRef<FeeCatalogue | null>(null);
  const open = ref(false);
  const quote = shallowRef<FeeQuote | null>(null);
  const quoteError = shallowRef<ContractError | null>(null);
  const creating = ref(false);
  const createError = shallowRef<ContractError | null>(null);
  const checks = ref<Record<string, PaymentCheck | 'checking'>>({});
  let key = crypto.randomUUID();
  let lastDraft = '';
  let seq = 0;

  async function load(): Promise<void> {
    const r = await useApi().fees.catalogue();
    if (r.ok) catalogue.value = r.value;
  }

  function show(): void {
    open.value = true;
    quote.value = null;
    quoteError.value = null;
    createError.value = null;
    key = crypto.randomUUID();
    void load();
  }

  function hide(): void {
    open.value = false;
  }

  async function requote(d: FeeDraft): Promise<void> {
    const mine = ++seq;
    const r = await useApi().fees.quote(d);
    if (mine !== seq) return;
    quote.value = r.ok ? r.value : null;
    quoteError.value = r.ok ? null : r.error;
  }

  /** The created position's option id, for the print dialog; null when the backend did not confirm it. */
  async function create(d: FeeDraft): Promise<string | null> {
    if (creating.value) return null;
    // Different data is a different request; the same data after a failure is a retry of the same one.
    const id = JSON.stringify(d);
    if (id !== lastDraft) {
      key = crypto.randomUUID();
      lastDraft = id;
    }
    creating.value = true;
    createError.value = null;
    try {
      const r = await useApi().fees.create({ ...d, requestKey: key });
      if (!r.ok) {
        createError.value = r.error;
        return null;
      }
      // The dialog closes from its `created` handler: closing it here would unmount it before it can say so.
      lastDraft = '';
      return r.value.optionId;
    } finally {
      creating.value = false;
    }
  }

  async function check(nav: string, ecFiscalCode: string): Promise<void> {
    checks.value = { ...checks.value, [nav]: 'checking' };
    const r = await useApi().fees.check({ nav, ecFiscalCode });
    checks.value = {
      ...checks.value,
      [nav]: r.ok
        ? r.value
        : { nav, state: 'unknown', backendStatus: null, checkedAt: null, source: 'live', error: r.error },
    };
  }

  function reset(): void {
    open.value = false;
    quote.value = null;
    checks.value = {};
    createError.value = null;
    lastDraft = '';
  }

  return {
    catalogue,
    open,
    quote,
    quoteError,
    creating,
    createError,
    checks,
    load,
    show,
    hide,
    requote,
    create,
    check,
    reset,
  };
});
