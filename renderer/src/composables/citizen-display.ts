import { computed, watch } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DisplayState } from '../../../core/display/display-state';
import { publishDisplay } from '../api';
import { useCitizenStore } from '../stores/citizen';
import { useCitizenSessionStore } from '../stores/citizen-session';
import { usePositionsStore } from '../stores/positions';

/**
 * Feeds the citizen's display from the clerk's screen: while a citizen session is open, the options the clerk
 * has selected (subject, label, amount, due date, notice number; no fiscal code, no name, nothing unselected);
 * the neutral screen (null) otherwise. It follows the session, so it clears with it: close, idle, lock, card
 * removal, a new citizen.
 */
export function useCitizenDisplay(): void {
  const citizen = useCitizenStore();
  const session = useCitizenSessionStore();
  const positions = usePositionsStore();
  const { t, locale } = useI18n();

  const state = computed<DisplayState>(() => {
    if (!session.id) return null;
    const fromList = citizen.identity ? (positions.result?.positions ?? []) : [];
    const ids = citizen.identity ? positions.selectedOptionIds : positions.noticeSelected;
    const pool = citizen.identity ? fromList : (positions.noticeResult?.positions ?? []);
    const options = pool.flatMap((p) =>
      p.options
        .filter((o) => ids.includes(o.id))
        .map((o) => ({
          subject: p.subject.slice(0, 280),
          label: (o.kind === 'single'
            ? t('positions.single')
            : t('positions.instalment', { index: o.index, size: o.planSize })
          ).slice(0, 80),
          nav: o.nav,
          ecFiscalCode: p.creditor.fiscalCode,
          creditor: p.creditor.name.slice(0, 200),
          amount: o.amount,
          dueDate: o.dueDate,
        })),
    );
    const office = options[0]?.creditor ?? pool[0]?.creditor.name.slice(0, 200) ?? null;
    return { locale: locale.value === 'en' ? 'en' : 'it', office, options };
  });

  watch(state, (s) => publishDisplay(s), { immediate: true });
}
