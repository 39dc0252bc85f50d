import type it from '../it/display';

/** The citizen's display (English). */
const en: typeof it = {
  title: 'pagoPA desk',
  welcome: 'Welcome to the desk',
  neutral: 'The clerk will be with you shortly.',
  waiting: 'The clerk is preparing your payment notices.',
  payNow: 'Pay now with your phone',
  scanHint: 'Scan the QR code with the IO app or your bank’s app.',
  notice: 'Notice number',
  due: 'Due {date}',
  noDue: 'No due date',
  total: 'Total',
  qrAlt: 'pagoPA QR code for {label}, {amount}',
  disconnected: 'Display not connected to the desk',
};
export default en;
