import type { Position } from '../../../core/contract/domains/positions';
import { AppError } from '../../../core/contract/errors';
import { composeNotice, type NoticeDocument } from '../../../core/notice';
import type { PrintersConfig } from '../config/sections/printers';

/**
 * Positions and chosen options → one notice per position, with the creditor's Poste data from
 * `printers.postal`. The desk's printing service and `sportello print` both compose here, so a notice for a
 * Poste creditor carries its postal slip whichever way it is printed.
 */
export function composeNotices(
  positions: readonly Position[],
  optionIds: readonly string[],
  postal: PrintersConfig['postal'],
  /** A supervisor's forced selection (expired or paid options): see composeNotice. */
  forced = false,
): NoticeDocument[] {
  return positions.map((position) => {
    const ids = optionIds.filter((id) => position.options.some((o) => o.id === id));
    const entry = postal.find((x) => x.ecFiscalCode === position.creditor.fiscalCode) ?? null;
    const r = composeNotice({ position, optionIds: ids, postal: entry, forced });
    if (!r.ok)
      throw new AppError(r.reason === 'NOT_PAYABLE' ? 'NOT_PAYABLE' : 'INVALID_INPUT', {
        reason: `NOTICE_${r.reason}`,
        ...r.detail,
      });
    return r.value;
  });
}
