import type { Handlers } from './dispatch';
import type { DeskServices } from './services';
import { birthplaceResolver } from './fiscal/birthplaces';
import { decodeFiscalCode, describeNoticeNumber } from './fiscal/decode';
import { feeHandlers } from './fees/fee-handlers';

/** The one handler map behind every transport (Actual Budget style): contract method → service call. */
export function createHandlers(s: DeskServices): Handlers {
  const today = () => s.now().toISOString().slice(0, 10);
  return {
    'system.status': () => s.status.get(),
    'settings.get': () => s.settings.view(),
    'settings.update': ({ desk }) => s.settings.update(desk),
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
    'positions.list': ({ fiscalCode }) => s.positions.list(fiscalCode),
    'positions.refresh': ({ fiscalCode }) => s.positions.refresh(fiscalCode),
    'positions.byNotice': ({ nav, ecFiscalCode }) => s.positions.byNotice(nav, ecFiscalCode),
    'sync.run': (input) => s.sync.run({ full: input?.full ?? false }),
    'sync.status': () => s.sync.state(),
    'backend.status': () => s.positions.backendInfo(),
    'notices.preview': (input) => s.printing.preview(input),
    'notices.print': (input) => s.printing.print(input),
    'notices.retry': ({ jobId }) => s.printing.retry(jobId),
    'notices.jobs': (input) => s.printing.jobs(input?.limit ?? 20),
    'notices.pdf': ({ optionIds }) => s.printing.pdf(optionIds),
    'printers.list': () => s.printing.printers(),
    'printers.test': ({ printerId }) => s.printing.test(printerId),
    'printers.status': ({ printerId }) => s.printing.status(printerId),
    'printers.settings': () => s.printerSettings.view(),
    'printers.save': ({ printer }) => s.printerSettings.save(printer),
    'printers.remove': ({ id }) => s.printerSettings.remove(id),
    'printers.setDefault': ({ id }) => s.printerSettings.setDefault(id),
    ...feeHandlers(s),
  };
}
