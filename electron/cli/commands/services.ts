import { formatEuro, type Cents } from '../../../core/money';
import type { GovPayFeeConnector } from '../../connectors/fees/govpay-fees';
import { createDesk } from '../../services/desk';
import type { FeeService } from '../../services/config/sections/services';
import { singleCallContext } from '../../services/positions/call-context';
import { nodePlatform } from '../../services/platform/node';
import { CliFailure, type Command } from '../command';
import { feeFailure, UNAVAILABLE_IT } from './fee-text';

const euro = (c: number) => `€ ${formatEuro(c as Cents)}`;

function amountText(e: FeeService): string {
  const a = e.amount;
  if (a.rule === 'fixed') return euro(a.cents);
  if (a.rule === 'perUnit') return `${euro(a.unitCents)} × quantità (max ${a.maxQuantity})`;
  return `da ${euro(a.minCents)} a ${euro(a.maxCents)}`;
}

interface Finding {
  readonly serviceId: string | null;
  readonly problem: string;
}

/**
 * `sportello services list|check`: the desk's fee catalogue, and whether the configured backend can create
 * each fee. With GovPay `check` reads /profilo and names every service whose idTipoPendenza or creditor this
 * A2A client may not use; with GPD it says how much of the desk's IUV range is left; with MyPay it says why
 * fees cannot be created there.
 */
export const servicesCommand: Command = {
  name: 'services',
  summary: 'catalogo dei diritti e servizi a pagamento dello sportello: elenco e verifica sul servizio',
  usage: 'sportello services [list|check]',
  options: {},
  async run({ positionals }, io) {
    const action = positionals[0] ?? 'list';
    if (action !== 'list' && action !== 'check')
      throw new CliFailure('USAGE', `azione sconosciuta "${action}"`, 2);
    const desk = createDesk({ platform: nodePlatform(io.env) });
    try {
      const fees = desk.services.fees;
      const entries = fees.entries();
      const cat = fees.catalogue();
      const list = entries.map((e) => ({
        id: e.id,
        label: e.label.it,
        creditor: e.creditor.fiscalCode,
        amount: e.amount,
        dueInDays: e.dueInDays,
        anonymousAllowed: e.anonymousAllowed,
      }));
      const human = entries.map(
        (e) =>
          `${e.id.padEnd(20)} ${e.label.it} — ${amountText(e)}, scadenza +${e.dueInDays} gg${e.anonymousAllowed ? ', anche anonimo' : ''}`,
      );
      if (action === 'list')
        return {
          exitCode: 0,
          json: { backend: cat.backend, demo: cat.services.some((s) => s.demo), services: list },
          human,
        };

      const findings: Finding[] = [];
      const setup = fees.backendSetup;
      const info: Record<string, unknown> = {};
      if (setup.kind === 'unsupported')
        findings.push({ serviceId: null, problem: UNAVAILABLE_IT[setup.reason] ?? setup.reason });
      if (setup.kind === 'govpay') {
        for (const e of entries)
          if (!e.govpay)
            findings.push({ serviceId: e.id, problem: 'manca la sezione govpay (idTipoPendenza, voci)' });
        const now = new Date();
        const profile = await (setup.connector as GovPayFeeConnector)
          .profile(singleCallContext(AbortSignal.timeout(setup.policy.timeoutMs), now))
          .catch(feeFailure);
        info['profilo'] = profile;
        const tipi = new Set(profile.tipiPendenza.map((t) => t.idTipoPendenza));
        const domini = new Set(profile.domini.map((d) => d.idDominio));
        for (const e of entries) {
          if (e.govpay && tipi.size > 0 && !tipi.has(e.govpay.idTipoPendenza))
            findings.push({
              serviceId: e.id,
              problem: `tipo pendenza ${e.govpay.idTipoPendenza} non autorizzato per ${profile.nome}`,
            });
          if (domini.size > 0 && !domini.has(e.creditor.fiscalCode))
            findings.push({
              serviceId: e.id,
              problem: `ente ${e.creditor.fiscalCode} non autorizzato per ${profile.nome}`,
            });
          for (const v of e.govpay?.voci ?? [])
            if (
              v.idDominio &&
              domini.size > 0 &&
              !domini.has(v.idDominio) &&
              v.idDominio !== e.creditor.fiscalCode
            )
              info[`nota:${e.id}:${v.idVocePendenza}`] = `voce a favore di ${v.idDominio} (altro ente)`;
        }
      }
      if (setup.kind === 'gpd') {
        const backend = desk.services.config.backend;
        for (const e of entries) {
          if (!e.gpd) findings.push({ serviceId: e.id, problem: 'manca la sezione gpd (transfers)' });
          if (backend.kind === 'gpd' && e.creditor.fiscalCode !== backend.organizationFiscalCode)
            findings.push({
              serviceId: e.id,
              problem: `ente ${e.creditor.fiscalCode} diverso da quello del servizio GPD`,
            });
        }
        const r = desk.services.config.services.gpd!.iuv;
        const scheme =
          backend.kind === 'gpd' ? `gpd:${backend.organizationFiscalCode}:${r.segregationCode}` : '';
        const c = fees.requests.counter(scheme);
        const next = Math.max(c?.next ?? r.from, r.from);
        info['iuvRange'] = { ...r, next, left: Math.max(0, r.to - next + 1) };
        if (next > r.to) findings.push({ serviceId: null, problem: UNAVAILABLE_IT['IUV_RANGE_EXHAUSTED']! });
      }
      const lines = [
        ...human,
        ...(findings.length === 0
          ? [`verifica su ${cat.backend}: tutti i servizi sono utilizzabili`]
          : findings.map((f) => `! ${f.serviceId ? `${f.serviceId}: ` : ''}${f.problem}`)),
      ];
      return {
        exitCode: findings.length === 0 ? 0 : 1,
        json: { backend: cat.backend, ok: findings.length === 0, services: list, findings, ...info },
        human: lines,
      };
    } finally {
      await desk.close();
    }
  },
};
