import type { Handlers } from './dispatch';
import type { DeskServices } from './services';
import { birthplaceResolver } from './fiscal/birthplaces';
import { decodeFiscalCode, describeNoticeNumber } from './fiscal/decode';

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
  };
}
