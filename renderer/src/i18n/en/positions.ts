import type it from '../it/positions';

/** Messages of the positions feature (English): the same keys as Italian. */
const en: typeof it = {
  refresh: 'Refresh',
  refreshHint: 'Refresh from the service (F5)',
  refreshing: 'refreshing…',
  freshLive: 'updated at {time}',
  freshCache: 'saved data of {date} at {time}',
  freshOffline: 'offline — data of {date} at {time}',
  freshNever: 'no saved data',
  filterLabel: 'Show',
  filterPayable: 'Payable only',
  filterAll: 'All',
  override: 'Allow selecting expired and already paid ones too (override)',
  overrideTag: 'override',
  totalPayable: 'Payable now: {amount} ({count} options)',
  selected: 'Selected: {count} — {amount}',
  single: 'Single payment',
  instalment: 'Instalment {index} of {size}',
  planTitle: 'Plan in {size} instalments',
  dueDate: 'due {date}',
  noDueDate: 'no due date',
  nav: 'Notice number',
  amount: 'Amount',
  due: 'Due',
  state: 'Status',
  select: 'Select {what}',
  noneMatching: 'Nothing payable now: choose “All” to see everything.',
  optionStatus: {
    unpaid: 'to pay',
    paid: 'paid',
    'partially-paid': 'partly paid',
    expired: 'expired',
    cancelled: 'cancelled',
    unknown: 'unknown status',
  },
  positionStatus: {
    payable: 'payable',
    'partially-paid': 'partly paid',
    paid: 'paid',
    expired: 'expired',
    cancelled: 'cancelled',
    invalid: 'not valid',
    unknown: 'unknown status',
  },
  reasons: {
    PAID: 'already paid',
    EXPIRED: 'expired',
    CANCELLED: 'cancelled by the creditor',
    POSITION_NOT_PAYABLE: 'the position cannot be paid',
    CONFLICT_INSTALMENT_PAID: 'an instalment is paid: the single payment is closed',
    CONFLICT_SINGLE_PAID: 'already paid in a single payment',
    UNKNOWN_STATUS: 'unrecognised status: check with the office',
  },
  banner: {
    BACKEND_UNAVAILABLE:
      'Payment service unreachable: showing saved data. You can keep working; try Refresh again in a few minutes.',
    BACKEND_TIMEOUT: 'The payment service did not answer in time: showing saved data. Try Refresh.',
    BACKEND_REJECTED:
      'The payment service refuses the desk’s credentials: showing saved data. Tell IT support.',
    BACKEND_MALFORMED:
      'The payment service answered with invalid data: showing saved data. If it happens again, tell IT support.',
    CONFIG_INVALID:
      'The connection to the payment service is not configured correctly: tell IT support (sportello doctor).',
    other: 'Refresh failed: showing saved data.',
  },
  byNotice: {
    title: 'Search by notice number',
    hint: 'Without identifying the citizen: notice number (18 digits) and, if needed, the creditor’s fiscal code.',
    nav: 'Notice number',
    ec: 'Creditor fiscal code (optional)',
    search: 'Search',
    notFound: 'No notice with this number.',
    invalidNav: 'Invalid notice number: check the 18 digits.',
    close: 'Close search',
  },
  sync: {
    running: 'Syncing with pagoPA: {percent}% ({count} positions)',
    failed: 'Sync interrupted: it will resume where it stopped.',
    done: 'Sync complete: {count} positions.',
    paymentsRunning: 'Fetching recent payments from pagoPA: {percent}%',
    paymentsDone: 'Recent payments fetched: {count} positions changed.',
  },
};

export default en;
