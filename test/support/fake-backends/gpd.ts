import { FakeServer, type Reply } from './server';

export interface FakeGpdPosition {
  iupd: string;
  organizationFiscalCode: string;
  companyName: string;
  status: string;
  insertedDate: string;
  paymentOption: {
    debtor: { type: 'F' | 'G'; fiscalCode: string; fullName: string };
    switchToExpired: boolean;
    installments: {
      nav: string;
      iuv: string;
      amount: number;
      description: string;
      dueDate: string;
      status: string;
      /** Set when paid (yyyy-MM-ddTHH:mm:ss): what a payment-date window filters on. */
      paymentDate?: string;
    }[];
  }[];
}

const DAY = 86_400_000;

/**
 * pagoPA GPD v3 `GET /organizations/{ec}/debtpositions`: subscription key header, a due-date or a payment-date
 * window (one of the two) of at most 30 days, `limit` at most 50, `page` from 0. By due date a position is
 * listed in the window of its first due date; by payment date, in every window holding one of its payments.
 * `requests` counts the windows asked for, by kind.
 */
export function fakeGpd(opts: {
  organizationFiscalCode: string;
  subscriptionKey: string;
  positions: FakeGpdPosition[];
}) {
  const state = { positions: opts.positions };
  const requests = { due: 0, payment: 0 };
  const prefix = `/organizations/${opts.organizationFiscalCode}/debtpositions`;
  let byDue: { first: string; p: FakeGpdPosition }[] | null = null;
  const sorted = () =>
    (byDue ??= state.positions
      .map((p) => ({
        first: p.paymentOption.flatMap((o) => o.installments.map((i) => i.dueDate.slice(0, 10))).sort()[0]!,
        p,
      }))
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0)));
  const server: FakeServer = new FakeServer((req): Reply => {
    if (req.headers['ocp-apim-subscription-key'] !== opts.subscriptionKey) {
      if (!req.headers['ocp-apim-subscription-key']) server.violation('missing subscription key');
      return {
        status: 401,
        body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' },
      };
    }
    if (req.path !== prefix) {
      server.violation(`path ${req.path}`);
      return { status: 404, body: { title: 'Not Found', status: 404 } };
    }
    const byPayment = req.query.has('payment_date_from') || req.query.has('payment_date_to');
    if (byPayment && (req.query.has('due_date_from') || req.query.has('due_date_to')))
      server.violation('due-date and payment-date windows in one request');
    const from = req.query.get(byPayment ? 'payment_date_from' : 'due_date_from') ?? '';
    const to = req.query.get(byPayment ? 'payment_date_to' : 'due_date_to') ?? '';
    const page = Number(req.query.get('page') ?? '0');
    const limit = Number(req.query.get('limit') ?? '10');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to)) {
      server.violation(`window ${from}..${to}`);
      return { status: 400, body: { title: 'Bad Request', status: 400, detail: 'dates' } };
    }
    if ((Date.parse(to) - Date.parse(from)) / DAY + 1 > 30 || to < from) {
      server.violation(`window longer than 30 days ${from}..${to}`);
      return { status: 400, body: { title: 'Bad Request', status: 400, detail: 'window' } };
    }
    requests[byPayment ? 'payment' : 'due']++;
    if (!Number.isInteger(limit) || limit < 1 || limit > 50) server.violation(`limit ${limit}`);
    if (!Number.isInteger(page) || page < 0) server.violation(`page ${page}`);
    // By due date, positions are attributed to the window of their first due date, so each is listed exactly
    // once per pass.
    const inWindow = byPayment
      ? sorted().filter((x) =>
          x.p.paymentOption.some((o) =>
            o.installments.some((i) => {
              const day = i.paymentDate?.slice(0, 10);
              return day !== undefined && day >= from && day <= to;
            }),
          ),
        )
      : sorted().filter((x) => x.first >= from && x.first <= to);
    const list = inWindow.slice(page * limit, (page + 1) * limit).map((x) => x.p);
    return {
      status: 200,
      body: {
        payment_position_list: list,
        page_info: { page, limit, items_found: list.length, total_pages: Math.ceil(inWindow.length / limit) },
      },
    };
  });
  return {
    server,
    state,
    requests,
    /** Call after changing `state.positions`. */
    reindex: () => (byDue = null),
  };
}
