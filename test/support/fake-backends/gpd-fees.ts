import { BodyServer, type BodyReply, type BodyRequest } from './body-server';

interface Installment {
  nav: string;
  iuv: string;
  organizationFiscalCode: string;
  amount: number;
  description: string;
  dueDate: string;
  status: string;
  paymentDate?: string;
  pspCompany?: string;
  idReceipt?: string;
  transfer: Record<string, unknown>[];
}
export interface StoredGpdPosition {
  iupd: string;
  organizationFiscalCode: string;
  companyName: string;
  status: string;
  paymentOption: {
    debtor: { type: 'F' | 'G'; fiscalCode: string; fullName: string };
    switchToExpired: boolean;
    installments: Installment[];
  }[];
}

const problem = (status: number, title: string, detail: string): BodyReply => ({
  status,
  body: { title, status, detail },
});

/**
 * pagoPA GPD v3, write side: `POST …/debtpositions` (body PaymentPositionModelV3; 409 for an iupd or an IUV
 * already used — which is how a reused IUV shows), `POST …/{iupd}/publish` (DRAFT → VALID, else 409),
 * `GET …/{iupd}`, `DELETE …/{iupd}` (409 once paid). Subscription key header; refusals are problem JSON.
 */
export function fakeGpdFees(opts: { organizationFiscalCode: string; subscriptionKey: string }) {
  const positions = new Map<string, StoredGpdPosition>();
  const iuvs = new Set<string>();
  /** Every IUV a POST carried, refused or not: what "no reuse" is checked against. */
  const postedIuvs: string[] = [];
  const prefix = `/organizations/${opts.organizationFiscalCode}/debtpositions`;
  const server: BodyServer = new BodyServer((req: BodyRequest): BodyReply => {
    if (req.headers['ocp-apim-subscription-key'] !== opts.subscriptionKey)
      return {
        status: 401,
        body: { statusCode: 401, message: 'Access denied due to invalid subscription key.' },
      };
    if (!req.path.startsWith(prefix)) {
      server.violation(`path ${req.path}`);
      return problem(404, 'Not Found', 'organization');
    }
    const rest = req.path.slice(prefix.length);
    if (rest === '' && req.method === 'POST') return create(req);
    const pub = /^\/([^/]+)\/publish$/.exec(rest);
    if (pub && req.method === 'POST') {
      const p = positions.get(pub[1]!);
      if (!p) return problem(404, 'Not Found', 'debt position not found');
      if (p.status !== 'DRAFT') return problem(409, 'Conflict', `debt position is ${p.status}`);
      p.status = 'VALID';
      return { status: 200, body: view(p) };
    }
    const one = /^\/([^/]+)$/.exec(rest);
    if (one && req.method === 'GET') {
      const p = positions.get(one[1]!);
      return p ? { status: 200, body: view(p) } : problem(404, 'Not Found', 'debt position not found');
    }
    if (one && req.method === 'DELETE') {
      const p = positions.get(one[1]!);
      if (!p) return problem(404, 'Not Found', 'debt position not found');
      if (p.paymentOption.some((o) => o.installments.some((i) => i.status !== 'UNPAID')))
        return problem(409, 'Conflict', 'debt position already paid: it cannot be deleted');
      positions.delete(p.iupd);
      return { status: 200, body: 'OK' };
    }
    server.violation(`unknown ${req.method} ${req.path}`);
    return problem(404, 'Not Found', req.path);
  });

  const view = (p: StoredGpdPosition) => ({ ...p, insertedDate: '2026-12-04T09:00:00' });

  function create(req: BodyRequest): BodyReply {
    const b = req.body as Record<string, unknown> | null;
    if (
      !b ||
      typeof b['iupd'] !== 'string' ||
      typeof b['companyName'] !== 'string' ||
      !Array.isArray(b['paymentOption'])
    )
      return problem(400, 'Bad Request', 'iupd, companyName and paymentOption are required');
    const options = b['paymentOption'] as Record<string, unknown>[];
    const stored: StoredGpdPosition['paymentOption'] = [];
    for (const o of options) {
      const d = o['debtor'] as Record<string, unknown> | undefined;
      if (
        !d ||
        !['F', 'G'].includes(String(d['type'])) ||
        typeof d['fiscalCode'] !== 'string' ||
        typeof d['fullName'] !== 'string'
      )
        return problem(
          400,
          'Bad Request',
          'paymentOption.debtor: type, fiscalCode and fullName are required',
        );
      if (typeof o['switchToExpired'] !== 'boolean')
        return problem(400, 'Bad Request', 'switchToExpired is required');
      const list: Installment[] = [];
      for (const i of o['installments'] as Record<string, unknown>[]) {
        const iuv = String(i['iuv'] ?? '');
        postedIuvs.push(iuv);
        if (
          !/^\d{17}$/.test(iuv) ||
          !Number.isInteger(i['amount']) ||
          typeof i['dueDate'] !== 'string' ||
          typeof i['description'] !== 'string'
        )
          return problem(
            400,
            'Bad Request',
            'installment: iuv, amount (cents), dueDate and description are required',
          );
        const transfers = (i['transfer'] ?? []) as Record<string, unknown>[];
        const sum = transfers.reduce((s, t) => s + Number(t['amount']), 0);
        if (transfers.length < 1 || transfers.length > 5 || sum !== i['amount'])
          return problem(400, 'Bad Request', 'the transfers must add up to the installment amount');
        for (const t of transfers)
          if (!t['idTransfer'] || !t['category'] || !t['remittanceInformation'] || !t['iban'])
            return problem(
              400,
              'Bad Request',
              'transfer: idTransfer, category, remittanceInformation and iban are required',
            );
        list.push({
          nav: `3${iuv}`,
          iuv,
          organizationFiscalCode: opts.organizationFiscalCode,
          amount: i['amount'] as number,
          description: i['description'] as string,
          dueDate: i['dueDate'] as string,
          status: 'UNPAID',
          transfer: transfers,
        });
      }
      stored.push({
        debtor: d as StoredGpdPosition['paymentOption'][number]['debtor'],
        switchToExpired: o['switchToExpired'],
        installments: list,
      });
    }
    if (positions.has(b['iupd']))
      return problem(409, 'Conflict', `debt position with iupd ${b['iupd']} already exists`);
    const mine = stored.flatMap((o) => o.installments.map((i) => i.iuv));
    const reused = mine.find((x) => iuvs.has(x));
    if (reused) return problem(409, 'Conflict', `IUV ${reused} already used by another debt position`);
    mine.forEach((x) => iuvs.add(x));
    const p: StoredGpdPosition = {
      iupd: b['iupd'],
      organizationFiscalCode: opts.organizationFiscalCode,
      companyName: b['companyName'],
      status: req.query.get('toPublish') === 'true' ? 'VALID' : 'DRAFT',
      paymentOption: stored,
    };
    positions.set(p.iupd, p);
    return { status: 201, body: view(p) };
  }

  return {
    server,
    positions,
    postedIuvs,
    pay(nav: string, at = '2026-12-04T11:20:00') {
      for (const p of positions.values())
        for (const o of p.paymentOption)
          for (const i of o.installments)
            if (i.nav === nav) {
              i.status = 'PAID';
              i.paymentDate = at;
              i.pspCompany = 'Poste Italiane';
              i.idReceipt = 'RCPT-' + i.iuv.slice(-8);
              p.status = 'PAID';
            }
    },
  };
}
