import { composeReceipt } from '../../../core/fees/receipt';
import type { Handlers } from '../dispatch';
import type { DeskServices } from '../services';

type FeeMethods =
  | 'fees.catalogue'
  | 'fees.quote'
  | 'fees.create'
  | 'fees.check'
  | 'fees.receipt'
  | 'fees.printReceipt'
  | 'fees.receiptPdf'
  | 'fees.day'
  | 'fees.annul';

/**
 * The fee methods of the handler map. Until the desk has signed-in operators (issue 17) the actor recorded in
 * the audit log is the desk and the transport the request came by.
 */
export function feeHandlers(s: DeskServices): Pick<Handlers, FeeMethods> {
  return {
    'fees.catalogue': () => s.fees.catalogue(),
    'fees.quote': (input) => s.fees.quote(input),
    'fees.create': (input, call) => s.fees.create(input, `desk:${call.transport}`),
    'fees.check': ({ nav, ecFiscalCode }) => s.fees.check(nav, ecFiscalCode),
    'fees.receipt': async ({ nav, ecFiscalCode }) => (await s.fees.receipt(nav, ecFiscalCode)).view,
    'fees.printReceipt': async ({ nav, ecFiscalCode, printerId }, call) => {
      const r = await s.fees.receipt(nav, ecFiscalCode);
      // Audit first, then act: a receipt whose printing cannot be recorded is not printed.
      s.audit.record({
        actor: `desk:${call.transport}`,
        action: 'fee.receipt-attempt',
        subject: r.view.nav,
        details: { printerId: printerId ?? null },
      });
      // Loaded at the first receipt (it brings pdfkit, slow to load), not at the desk's start.
      const { printReceipt } = await import('./receipt-output');
      const out = await printReceipt(
        composeReceipt({ ...r.data, demo: r.view.demo }),
        s.printing,
        printerId,
        s.platform.paths.dataDir,
      );
      s.audit.record({
        actor: `desk:${call.transport}`,
        action: 'fee.receipt-printed',
        subject: r.view.nav,
        details: { printerId: out.printerId },
      });
      return out;
    },
    'fees.receiptPdf': async ({ nav, ecFiscalCode }, call) => {
      const r = await s.fees.receipt(nav, ecFiscalCode);
      s.audit.record({
        actor: `desk:${call.transport}`,
        action: 'fee.receipt-pdf',
        subject: r.view.nav,
        details: {},
      });
      const { receiptPdf } = await import('./receipt-output');
      const pdf = await receiptPdf(composeReceipt({ ...r.data, demo: r.view.demo }));
      return {
        pdfBase64: pdf.toString('base64'),
        backendPdfBase64: r.data.backendPdf?.toString('base64') ?? null,
      };
    },
    'fees.day': ({ day }) => s.fees.day(day),
    'fees.annul': ({ nav, ecFiscalCode, reason }, call) =>
      s.fees.annul(nav, ecFiscalCode, reason, `desk:${call.transport}`),
  };
}
