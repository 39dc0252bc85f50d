import type { Role } from './domains/operators';
import type { MethodName } from './index';

/**
 * The least role each method asks of the operator holding the desk, enforced by the desk services (not only by
 * the UI). `open`: callable with nobody signed in or the desk locked (status, sign-in itself, pure helpers).
 * The compiler refuses a map that forgets a method.
 */
export const METHOD_ROLES: { readonly [M in MethodName]: Role | 'open' } = {
  'system.status': 'open',
  'settings.get': 'open',
  'fiscalCode.decode': 'open',
  'noticeNumber.parse': 'open',
  'operator.current': 'open',
  'operator.signIn': 'open',
  'operator.unlock': 'open',
  'operator.signInCard': 'open',
  'operator.lock': 'open',
  // Asked by the clerk holding the desk; the supervisor's own password is what the service checks.
  'operator.approve': 'clerk',
  'operator.signOut': 'open',
  // The clerk's own preferences (language) are theirs to change; the desk's configuration is not in this method.
  'settings.update': 'clerk',
  'identity.current': 'clerk',
  'identity.fromFiscalCode': 'clerk',
  'identity.clear': 'clerk',
  'identity.verifyPin': 'clerk',
  'card.status': 'clerk',
  'card.reread': 'clerk',
  'positions.list': 'clerk',
  'positions.refresh': 'clerk',
  'positions.byNotice': 'clerk',
  'sync.run': 'clerk',
  'sync.status': 'clerk',
  'backend.status': 'clerk',
  'notices.preview': 'clerk',
  'notices.print': 'clerk',
  'notices.retry': 'clerk',
  'notices.pdf': 'clerk',
  // The desk's whole journal, whoever it was for: a supervisor's view.
  'notices.jobs': 'supervisor',
  'printers.list': 'clerk',
  'printers.test': 'clerk',
  'printers.status': 'clerk',
  'printers.settings': 'admin',
  'printers.save': 'admin',
  'printers.remove': 'admin',
  'printers.setDefault': 'admin',
  'report.day': 'supervisor',
  // Fees asked at the desk: a clerk creates, checks and prints; annulling a debt and the day's totals are a
  // supervisor's (issue 19).
  'fees.catalogue': 'clerk',
  'fees.quote': 'clerk',
  'fees.create': 'clerk',
  'fees.check': 'clerk',
  'fees.receipt': 'clerk',
  'fees.printReceipt': 'clerk',
  'fees.receiptPdf': 'clerk',
  'fees.day': 'supervisor',
  'fees.annul': 'supervisor',
};
