import type { ConnectorKind, Position } from '../../../core/contract/domains/positions';
import type { OptionDraft, PositionDraft } from '../../../core/positions/payability';
import { iuvOfNoticeNumber } from '../../../core/notice-number';

/**
 * How the positions cache reads back: the joined row, the SELECT that produces it, and the grouping of rows
 * into position drafts (the contract's string ids rebuilt from the stored ones).
 */
export interface Row {
  id: number;
  ext_id: string;
  connector: ConnectorKind;
  /** NULL when it is the tail of ext_id (stored once). */
  backend_id: string | null;
  debtor_fiscal_code: string;
  debtor_kind: 'F' | 'G';
  debtor_name: string | null;
  ec_fiscal_code: string;
  ec_name: string;
  ipa_code: string | null;
  cbill: string | null;
  sector: string | null;
  info: string | null;
  subject: string;
  status: Position['status'];
  backend_status: string | null;
  fetched_at: string;
  nav: string;
  /** NULL when it is the IUV inside the NAV (stored once). */
  iuv: string | null;
  amount_cents: number;
  due_date: string | null;
  kind: OptionDraft['kind'];
  plan_size: number;
  idx: number | null;
  o_status: OptionDraft['status'];
  o_backend_status: string | null;
  description: string | null;
}

/** Positions keep the order the desk always showed: by creditor, then by the connector's id. */
export const SELECT = `
  SELECT p.id, p.ext_id, p.connector, p.backend_id, c.fiscal_code AS debtor_fiscal_code,
         c.kind AS debtor_kind, c.name AS debtor_name, e.fiscal_code AS ec_fiscal_code, e.name AS ec_name,
         e.ipa_code, e.cbill, e.sector, e.info, p.subject, p.status, p.backend_status, p.fetched_at,
         o.nav, o.iuv, o.amount_cents, o.due_date, o.kind, o.plan_size, o.idx,
         o.status AS o_status, o.backend_status AS o_backend_status, o.description
  FROM positions p
  JOIN citizens c ON c.id = p.citizen_id
  JOIN creditors e ON e.id = p.creditor_id
  JOIN payment_options o ON o.position_id = p.id`;
export const ORDER = `ORDER BY e.fiscal_code, p.ext_id, o.seq`;

/** What the iuv column holds for an option: NULL when the IUV is the one inside its NAV. */
export const storedIuv = (o: Pick<OptionDraft, 'nav' | 'iuv'>): string | null =>
  o.iuv === iuvOfNoticeNumber(o.nav) ? null : o.iuv;

/** The part of an external id after its last ':': where most connectors put their backend id. */
export const idTail = (extId: string): string => extId.slice(extId.lastIndexOf(':') + 1);

/** The contract's option id: the position's external id and the NAV, as every connector builds it. */
export const optionExtId = (positionExtId: string, nav: string): string => `${positionExtId}#${nav}`;

export function group(rows: readonly Row[]): PositionDraft[] {
  const out: PositionDraft[] = [];
  let current: (PositionDraft & { options: OptionDraft[] }) | null = null;
  let currentRowid = -1;
  for (const r of rows) {
    if (current === null || currentRowid !== r.id) {
      currentRowid = r.id;
      current = {
        id: r.ext_id,
        connector: r.connector,
        backendId: r.backend_id ?? idTail(r.ext_id),
        creditor: {
          fiscalCode: r.ec_fiscal_code,
          name: r.ec_name,
          ipaCode: r.ipa_code,
          cbill: r.cbill,
          sector: r.sector,
          info: r.info,
        },
        debtor: { fiscalCode: r.debtor_fiscal_code, kind: r.debtor_kind, name: r.debtor_name },
        subject: r.subject,
        status: r.status,
        backendStatus: r.backend_status,
        fetchedAt: r.fetched_at,
        options: [],
      };
      out.push(current);
    }
    current.options.push({
      id: optionExtId(r.ext_id, r.nav),
      nav: r.nav,
      iuv: r.iuv ?? iuvOfNoticeNumber(r.nav),
      amount: r.amount_cents,
      dueDate: r.due_date,
      kind: r.kind,
      planSize: r.plan_size,
      index: r.idx,
      status: r.o_status,
      backendStatus: r.o_backend_status,
      description: r.description,
    });
  }
  return out;
}
