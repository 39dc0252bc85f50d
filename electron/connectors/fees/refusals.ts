import { z } from 'zod';
import { AppError } from '../../../core/contract/errors';
import type { HttpResponse } from '../http';

const faultBean = z.object({
  categoria: z.string().max(40),
  codice: z.string().max(100),
  descrizione: z.string().max(1000),
  dettaglio: z.string().max(2000).optional(),
});
const problemJson = z.object({
  title: z.string().max(500).optional(),
  status: z.number().int().optional(),
  detail: z.string().max(2000).optional(),
  // APIM's own refusals (401/403) say `message`.
  message: z.string().max(1000).optional(),
});

/** The refusal class the clerk acts on: fix the data, call IT, ask a supervisor, or try again later. */
export type RefusalKind = 'VALIDATION' | 'AUTH' | 'CONFLICT' | 'NOT_FOUND' | 'UNAVAILABLE' | 'REQUEST';

function kindOf(status: number): RefusalKind {
  if (status === 400 || status === 422) return 'VALIDATION';
  if (status === 401 || status === 403) return 'AUTH';
  if (status === 409) return 'CONFLICT';
  if (status === 404) return 'NOT_FOUND';
  if (status === 429 || status >= 500) return 'UNAVAILABLE';
  return 'REQUEST';
}

function text(res: HttpResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8'));
  } catch {
    return null;
  }
}

const clip = (s: string | undefined, n: number) =>
  s === undefined || s.trim() === '' ? undefined : s.trim().slice(0, n);

/**
 * A backend's refusal as an AppError carrying the backend's own words: GovPay's FaultBean
 * (categoria/codice/descrizione) or GPD's problem JSON (title/detail). `backendMessage` is what the clerk is
 * shown under the desk's own sentence. Null when the status is a success.
 */
export function refusal(res: HttpResponse, backend: 'govpay' | 'gpd'): AppError | null {
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  const kind = kindOf(s);
  const body = text(res);
  let backendDetails: Record<string, string> = {};
  let backendMessage: string | undefined;
  if (backend === 'govpay') {
    const f = faultBean.safeParse(body);
    if (f.success) {
      backendDetails = { categoria: f.data.categoria, codice: f.data.codice };
      backendMessage = clip([f.data.descrizione, f.data.dettaglio].filter(Boolean).join(' — '), 300);
    }
  } else {
    const p = problemJson.safeParse(body);
    if (p.success) {
      backendMessage = clip([p.data.title, p.data.detail ?? p.data.message].filter(Boolean).join(': '), 300);
    }
  }
  const details = {
    reason: kind,
    status: s,
    backend,
    ...backendDetails,
    ...(backendMessage ? { backendMessage } : {}),
  };
  if (kind === 'NOT_FOUND') return new AppError('NOT_FOUND', details);
  if (kind === 'UNAVAILABLE') return new AppError('BACKEND_UNAVAILABLE', details);
  return new AppError('BACKEND_REJECTED', details);
}
