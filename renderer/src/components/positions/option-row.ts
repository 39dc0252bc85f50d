import type { PaymentOption } from '../../../../core/contract/domains/positions';

/** One option of the citizen's list with its words computed once per answer (see PositionsTable.vue). */
export interface Row {
  readonly id: string;
  readonly option: PaymentOption;
  readonly label: string;
  readonly nav: string;
  readonly due: string;
  readonly amount: string;
  readonly state: string;
  readonly selectable: boolean;
}
