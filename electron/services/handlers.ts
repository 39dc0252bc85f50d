import type { ForceSelection } from '../../core/contract/domains/notices';
import type { Handlers } from './dispatch';
import type { ForcedSelection } from './printing/printing-service';
import type { DeskServices } from './services';
import { birthplaceResolver } from './fiscal/birthplaces';
import { decodeFiscalCode, describeNoticeNumber } from './fiscal/decode';
import { feeHandlers } from './fees/fee-handlers';
import { guardHandlers } from './operators/guard';
import { reprintIsOwn } from './operators/reprint-guard';
import { dayReport, localDay } from './reports/day-report';

/**
 * The one handler map behind every transport (Actual Budget style): contract method → service call, each behind
 * the role it needs (operators/guard.ts).
 */
export function createHandlers(s: DeskServices): Handlers {
  return guardHandlers(deskHandlers(s), s.operators);
}

/** Acts on a citizen's data and on the configuration: audited with the operator, desk and citizen session. */
function audited<T>(s: DeskServices, action: string, subject: string | null, details: object, value: T): T {
  s.audit.record({ actor: 'desk', action, subject, details: { ...details } });
  return value;
}

function deskHandlers(s: DeskServices): Handlers {
  const today = () => s.now().toISOString().slice(0, 10);
  /**
   * Forcing expired or paid options is a supervisor's act (issue 17): the supervisor holds the desk, or vouched
   * for these options here (`operator.approve`). The audit row then names who approved.
   */
  const forced = (
    input: { optionIds: readonly string[]; force?: ForceSelection | undefined },
    call: { transport: string },
  ): ForcedSelection | undefined => {
    if (!input.force) return undefined;
    if (call.transport === 'direct') return input.force;
    const approvedBy = s.operators.requireForce(input.force, input.optionIds);
    return approvedBy ? { ...input.force, approvedBy } : input.force;
  };
  return {
    'system.status': () => s.status.get(),
    'settings.get': () => s.settings.view(),
    'settings.update': async ({ desk }) =>
      audited(s, 'config.desk-settings', null, { ...desk }, await s.settings.update(desk)),
    'fiscalCode.decode': async ({ code }) => decodeFiscalCode(code, today(), await birthplaceResolver()),
    'noticeNumber.parse': ({ nav }) => describeNoticeNumber(nav),
    'identity.current': () => s.identity.get(),
    'identity.fromFiscalCode': async ({ code }) => s.identity.fromTypedCode(code, await birthplaceResolver()),
    'identity.clear': () => {
      s.identity.set(null);
      return null;
    },
    'identity.verifyPin': ({ pin }) => s.smartcard.verifyPin(pin),
    'card.status': () => s.smartcard.status(),
    'card.reread': () => s.smartcard.reread(),
    'positions.list': async ({ fiscalCode }) =>
      audited(s, 'lookup.positions', fiscalCode, {}, await s.positions.list(fiscalCode)),
    'positions.refresh': async ({ fiscalCode }) =>
      audited(s, 'lookup.positions-refresh', fiscalCode, {}, await s.positions.refresh(fiscalCode)),
    'positions.byNotice': async ({ nav, ecFiscalCode }) => {
      s.identity.ensureSession();
      const r = await s.positions.byNotice(nav, ecFiscalCode);
      const debtors = [...new Set(r.positions.map((p) => p.debtor.fiscalCode))];
      return audited(s, 'lookup.notice', debtors.join(',') || null, { nav, found: r.positions.length }, r);
    },
    'sync.run': (input) => s.sync.run({ full: input?.full ?? false }),
    'sync.status': () => s.sync.state(),
    'backend.status': () => s.positions.backendInfo(),
    'notices.preview': (input, call) => s.printing.preview({ ...input, force: forced(input, call) }),
    'notices.print': (input, call) => {
      // Forcing expired or paid options is a supervisor's act (issue 17), audited by the printing service.
      const force = forced(input, call);
      // Reprinting what another citizen session printed is a supervisor's act (issue 17); one's own is not.
      if (
        input.reprint &&
        call.transport !== 'direct' &&
        !reprintIsOwn(s.db, input.optionIds, s.identity.sessionId())
      )
        s.operators.require('supervisor');
      return s.printing.print({ ...input, force });
    },
    'notices.retry': ({ jobId, force }, call) => {
      // A forced job sent again is the same forced act: a supervisor's, or a clerk's with the supervisor's
      // approval still valid for the job's options; the retry's own forced row then names who approved.
      const job = s.printing.journal.byId(jobId);
      if (!job?.forced) return s.printing.retry(jobId);
      if (!force && call.transport !== 'direct') s.operators.require('supervisor');
      return s.printing.retry(jobId, forced({ optionIds: job.optionIds, force }, call));
    },
    'notices.jobs': (input) => s.printing.jobs(input?.limit ?? 20),
    // Audited by the service before the PDF is drawn (audit first, then act).
    'notices.pdf': (input, call) => s.printing.pdf(input.optionIds, forced(input, call)),
    'printers.list': () => s.printing.printers(),
    'printers.test': ({ printerId }) => s.printing.test(printerId),
    'printers.status': ({ printerId }) => s.printing.status(printerId),
    'printers.settings': () => s.printerSettings.view(),
    'printers.save': ({ printer }) => s.printerSettings.save(printer),
    'printers.remove': ({ id }) => s.printerSettings.remove(id),
    'printers.setDefault': ({ id }) => s.printerSettings.setDefault(id),
    ...feeHandlers(s),
    'report.day': (input) => dayReport(s.db, input?.date ?? localDay(s.now())),
    'operator.current': () => s.operators.session(),
    'operator.signIn': ({ fiscalCode, password }) => s.operators.signIn(fiscalCode, password),
    'operator.unlock': ({ password }) => s.operators.unlock(password),
    'operator.signInCard': ({ pin }) => s.operators.signInCard(pin),
    'operator.approve': ({ fiscalCode, password, optionIds }) =>
      s.operators.approve(fiscalCode, password, optionIds),
    'operator.lock': () => s.operators.lock('clerk'),
    'operator.signOut': () => s.operators.signOut(),
  };
}
