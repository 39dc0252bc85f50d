import { useI18n } from 'vue-i18n';
import type { PartialAnswer, PaymentOption, Position } from '../../../../core/contract/domains/positions';
import { formatEuroSymbol, type Cents } from '../../../../core/money';
import { payableWays } from '../../../../core/positions/alternatives';

/** The clerk's words for positions and options, shared by the citizen's list and the notice found by number. */
export function usePositionsText() {
  const { t, d, te } = useI18n();

  const euro = (c: number) => formatEuroSymbol(c as Cents);
  const day = (iso: string) => d(new Date(`${iso}T12:00:00`), 'date');

  function optionLabel(o: PaymentOption): string {
    return o.kind === 'single'
      ? t('positions.single')
      : t('positions.instalment', { index: o.index, size: o.planSize });
  }

  /**
   * An option's state said once: why it cannot be paid when it cannot ("già pagata", "scaduta"), else its status
   * ("da pagare"). Status and reason side by side repeated each other ("scaduta — scaduta").
   */
  function stateText(o: PaymentOption): string {
    const r = o.notPayableReason;
    if (!r || (r === 'PAID' && o.status === 'partially-paid')) return t(`positions.optionStatus.${o.status}`);
    return t(`positions.reasons.${r}`);
  }

  /** "€ 312,50 in un'unica soluzione oppure 3 rate": the ways to pay a position, never their sum. */
  function ways(p: Position): string {
    const w = payableWays(p);
    const plan = t('positions.ways.rates', w.instalments);
    if (w.single !== null && w.instalments > 0)
      return t('positions.ways.both', { amount: euro(w.single), plan });
    if (w.single !== null) return t('positions.ways.single', { amount: euro(w.single) });
    if (w.instalments > 0) return t('positions.ways.plan', { plan, amount: euro(w.instalmentsTotal) });
    return '';
  }

  /** "risposta parziale": why the live answer is not the whole truth, as one sentence per reason. */
  function partialReasons(p: PartialAnswer): string[] {
    return p.reasons.map((r) =>
      t(`positions.partial.reason.${r}`, {
        read: p.pagesRead ?? '?',
        total: p.pagesTotal ?? '?',
        seconds: p.retryAfterSeconds ?? '?',
        count: p.refusedCount,
      }),
    );
  }

  function refusedText(x: PartialAnswer['refused'][number]): string {
    return t('positions.partial.refused', {
      id: x.backendId,
      nav: x.nav ?? '—',
      why: te(`positions.partial.item.${x.reason}`) ? t(`positions.partial.item.${x.reason}`) : x.reason,
    });
  }

  return { euro, day, optionLabel, stateText, ways, partialReasons, refusedText };
}
