import type { Handlers } from './dispatch';
import type { DeskServices } from './services';
import { decodeFiscalCode, describeNoticeNumber } from './fiscal/decode';

/** The one handler map behind every transport (Actual Budget style): contract method → service call. */
export function createHandlers(s: DeskServices): Handlers {
  const today = () => s.now().toISOString().slice(0, 10);
  return {
    'system.status': () => s.status.get(),
    'settings.get': () => s.settings.view(),
    'settings.update': ({ desk }) => s.settings.update(desk),
    'fiscalCode.decode': ({ code }) => decodeFiscalCode(code, today()),
    'noticeNumber.parse': ({ nav }) => describeNoticeNumber(nav),
    'identity.current': () => s.identity.get(),
    'identity.fromFiscalCode': ({ code }) => s.identity.fromTypedCode(code),
    'identity.clear': () => {
      s.identity.set(null);
      return null;
    },
  };
}
