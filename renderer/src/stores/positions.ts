import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type {
  BackendInfo,
  PaymentOption,
  PositionsResult,
  SyncProgress,
} from '../../../core/contract/domains/positions';
import type { ContractError } from '../../../core/contract/errors';
import { sumCents, type Cents } from '../../../core/money';
import { allPayable, replacedBy, wholePlan } from '../../../core/positions/alternatives';
import { isOverridable } from '../../../core/positions/payability';
import { useApi } from './desk';

export type PositionsFilter = 'payable' | 'all';

/** Why options left the selection: the clerk chose an alternative of the same position. */
export interface ChoiceNote {
  readonly subject: string;
  readonly chose: 'single' | 'instalment';
  readonly removed: number;
}

/**
 * The identified citizen's positions: asked as soon as the citizen is identified (the cache answers at once),
 * replaced when the desk pushes the refreshed answer. The selected option ids are what the printing feature
 * prints.
 */
export const usePositionsStore = defineStore('positions', () => {
  const result = shallowRef<PositionsResult | null>(null);
  const error = shallowRef<ContractError | null>(null);
  const loading = ref(false);
  const refreshing = ref(false);
  const filter = ref<PositionsFilter>('payable');
  const override = ref(false);
  const selectedOptionIds = ref<string[]>([]);
  const backend = shallowRef<BackendInfo | null>(null);
  const sync = shallowRef<SyncProgress | null>(null);
  const noticeResult = shallowRef<PositionsResult | null>(null);
  const noticeError = shallowRef<ContractError | null>(null);
  /** The notice-number form's fields: citizen-scoped too, so they leave with the session. */
  const choiceNote = shallowRef<ChoiceNote | null>(null);
  /** The options of the notice found by number that the clerk will print or export (alternatives apply). */
  const noticeSelected = ref<string[]>([]);
  const noticeNav = ref('');
  const noticeEc = ref('');
  let currentCode: string | null = null;
  let noticeSeq = 0;
  let started = false;

  const options = computed<PaymentOption[]>(() => (result.value?.positions ?? []).flatMap((p) => p.options));

  const selectable = (o: PaymentOption) => o.payable || (override.value && isOverridable(o));

  const selectedTotal = computed(() =>
    sumCents(
      options.value.filter((o) => selectedOptionIds.value.includes(o.id)).map((o) => o.amount as Cents),
    ),
  );

  function keepValidSelection(): void {
    const ok = new Set(options.value.filter(selectable).map((o) => o.id));
    selectedOptionIds.value = selectedOptionIds.value.filter((id) => ok.has(id));
  }

  function accept(r: PositionsResult): void {
    result.value = r;
    refreshing.value = r.refreshing;
    keepValidSelection();
  }

  async function load(fiscalCode: string): Promise<void> {
    currentCode = fiscalCode;
    loading.value = true;
    error.value = null;
    const r = await useApi().positions.list({ fiscalCode });
    if (currentCode !== fiscalCode) return;
    loading.value = false;
    if (r.ok) accept(r.value);
    else error.value = r.error;
  }

  /** When the clerk's last refresh (F5, "Aggiorna") answered: the visible feedback that it ran. */
  const refreshedAt = ref<Date | null>(null);

  async function refresh(): Promise<void> {
    refreshedAt.value = null;
    if (currentCode === null || refreshing.value) {
      if (backend.value?.connector === 'gpd') await useApi().sync.run({});
      return;
    }
    refreshing.value = true;
    if (backend.value?.connector === 'gpd') void useApi().sync.run({});
    const code = currentCode;
    const r = await useApi().positions.refresh({ fiscalCode: code });
    if (currentCode !== code) return;
    refreshing.value = false;
    if (r.ok) {
      accept(r.value);
      refreshedAt.value = new Date();
    } else error.value = r.error;
  }

  /** Everything of the citizen goes: positions, selection, override, and any notice found by number. */
  function reset(): void {
    currentCode = null;
    result.value = null;
    error.value = null;
    loading.value = false;
    refreshing.value = false;
    selectedOptionIds.value = [];
    choiceNote.value = null;
    refreshedAt.value = null;
    override.value = false;
    filter.value = 'payable';
    noticeSeq++;
    closeNotice();
    noticeNav.value = '';
    noticeEc.value = '';
  }

  /**
   * Ticks or unticks one option. A position's options are alternatives (core/positions/alternatives.ts):
   * ticking one unticks those it replaces, and `choiceNote` says so.
   */
  function toggle(id: string, on: boolean): void {
    const position = (result.value?.positions ?? []).find((p) => p.options.some((x) => x.id === id));
    const o = position?.options.find((x) => x.id === id);
    if (!position || !o || !selectable(o)) return;
    const rest = selectedOptionIds.value.filter((x) => x !== id);
    if (!on) {
      selectedOptionIds.value = rest;
      choiceNote.value = null;
      return;
    }
    const removed = new Set(replacedBy(position, o, rest));
    selectedOptionIds.value = [...rest.filter((x) => !removed.has(x)), id];
    choiceNote.value =
      removed.size > 0 ? { subject: position.subject, chose: o.kind, removed: removed.size } : null;
  }

  /** "Tutto il pagabile": one way per position (the totals' choice), replacing the selection. */
  function selectAllPayable(): void {
    selectedOptionIds.value = allPayable(result.value?.positions ?? []);
    choiceNote.value = null;
  }

  /**
   * "Piano intero" for the position of the focused option (or the only position with a plan): every payable
   * instalment, replacing that position's single payment.
   */
  function selectWholePlan(optionId: string | null): boolean {
    const positions = result.value?.positions ?? [];
    const withPlan = positions.filter((p) => wholePlan(p).length > 0);
    const position =
      positions.find((p) => optionId !== null && p.options.some((o) => o.id === optionId)) ??
      (withPlan.length === 1 ? withPlan[0] : undefined);
    const plan = position ? wholePlan(position) : [];
    if (!position || plan.length === 0) return false;
    const others = new Set(position.options.map((o) => o.id));
    const kept = selectedOptionIds.value.filter((x) => !others.has(x));
    const hadSingle = selectedOptionIds.value.some((x) =>
      position.options.some((o) => o.id === x && o.kind === 'single'),
    );
    selectedOptionIds.value = [...kept, ...plan];
    choiceNote.value = hadSingle ? { subject: position.subject, chose: 'instalment', removed: 1 } : null;
    return true;
  }

  async function byNotice(): Promise<void> {
    const nav = noticeNav.value;
    const ecFiscalCode = noticeEc.value;
    noticeError.value = null;
    const mine = ++noticeSeq;
    const r = await useApi().positions.byNotice({ nav, ...(ecFiscalCode.trim() ? { ecFiscalCode } : {}) });
    if (mine !== noticeSeq) return;
    if (r.ok) {
      noticeResult.value = r.value;
      // The notice the clerk typed is what they came for: selected at once when it can be paid.
      const q = r.value.query;
      const asked = 'nav' in q ? q.nav : nav.replace(/\D/g, '');
      const wanted = r.value.positions.flatMap((p) => p.options).find((o) => o.nav === asked);
      noticeSelected.value = wanted?.payable ? [wanted.id] : [];
    } else {
      noticeResult.value = null;
      noticeError.value = r.error;
    }
  }

  function toggleNotice(id: string, on: boolean): void {
    const position = (noticeResult.value?.positions ?? []).find((p) => p.options.some((x) => x.id === id));
    const o = position?.options.find((x) => x.id === id);
    if (!position || !o || !o.payable) return;
    const rest = noticeSelected.value.filter((x) => x !== id);
    const removed = new Set(on ? replacedBy(position, o, rest) : []);
    noticeSelected.value = on ? [...rest.filter((x) => !removed.has(x)), id] : rest;
  }

  function closeNotice(): void {
    noticeSelected.value = [];
    noticeResult.value = null;
    noticeError.value = null;
  }

  async function init(): Promise<void> {
    if (started) return;
    started = true;
    const api = useApi();
    api.positions.onUpdated((r) => {
      if ('fiscalCode' in r.query && r.query.fiscalCode === currentCode) accept(r);
    });
    api.sync.onProgress((p) => (sync.value = p));
    api.backend.onChanged((b) => (backend.value = b));
    // Loading follows the citizen session (citizen-session.ts), which starts and ends it.
    watch(override, () => keepValidSelection());
    const b = await api.backend.status();
    if (b.ok) backend.value = b.value;
  }

  return {
    result,
    error,
    loading,
    refreshing,
    filter,
    override,
    selectedOptionIds,
    selectedTotal,
    choiceNote,
    refreshedAt,
    backend,
    sync,
    noticeResult,
    noticeError,
    noticeNav,
    noticeEc,
    noticeSelected,
    toggleNotice,
    selectable,
    init,
    load,
    refresh,
    reset,
    toggle,
    selectAllPayable,
    selectWholePlan,
    byNotice,
    closeNotice,
  };
});
