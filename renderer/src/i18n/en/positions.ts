import type it from '../it/positions';

/** Messages of the positions feature (English): the same keys as Italian. */
const en: typeof it = {
  refresh: 'Refresh',
  refreshHint: 'Refresh from the service (F5)',
  refreshedNow: '✓ Refreshed from the service just now ({time})',
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
  totalPayable:
    'Payable now: {amount} — no position | Payable now: {amount} — {count} position | Payable now: {amount} — {count} positions',
  selected: 'Selected: none | Selected: 1 option — {amount} | Selected: {count} options — {amount}',
  ways: {
    both: '{amount} as a single payment or {plan}',
    single: '{amount} as a single payment',
    plan: '{plan} ({amount})',
    rates: 'no instalment | one instalment | {count} instalments',
  },
  choiceNote: {
    single: '{subject}: single payment chosen, the instalments removed ({removed}).',
    instalment: '{subject}: instalments chosen, the single payment removed.',
  },
  keys: {
    allPayable: 'All payable (Alt+T)',
    wholePlan: 'Whole plan (Alt+R)',
    hint: 'Alt+T selects one option per position; Alt+R every instalment of the position.',
  },
  single: 'Single payment',
  instalment: 'Instalment {index} of {size}',
  planTitle: 'Plan in {size} instalments',
  dueDate: 'due {date}',
  noDueDate: 'no due date',
  tableCaption: "The citizen's positions: for each position its options with due date, amount and state",
  choice: 'Choice',
  option: 'Option and notice number',
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
  partial: {
    title: 'Partial answer.',
    lead: 'The service did not give the whole list: the positions already saved stay, but there may be amounts due that are not shown here. Do not tell the citizen they owe nothing.',
    reason: {
      ITEMS_REFUSED: 'Items refused as invalid: {count} (listed below). Report them to IT support.',
      BACKEND_INCOMPLETE: 'The service itself says the list is incomplete.',
      PAGE_LIMIT: '{read} of {total} pages read: the configured limit was reached.',
      LISTING_TIMEOUT: '{read} of {total} pages read: the time for the list ran out. Try Refresh again.',
      SIZE_LIMIT: 'An answer of the service exceeds the configured maximum size.',
      RATE_LIMITED: 'The service asks to wait {seconds} seconds before trying again.',
      PAGE_FAILED: '{read} of {total} pages read: the next one did not arrive. Try Refresh again.',
    },
    refused: 'Refused: {id}, notice {nav} — {why}',
    item: {
      AMOUNT: 'invalid amount',
      ZERO_AMOUNT: 'zero amount',
      NAV: 'invalid notice number',
      SCHEMA: 'incomplete or invalid data',
      CREDITOR: 'invalid creditor',
      DEBTOR_MISMATCH: 'registered to another fiscal code',
    },
  },
  byNotice: {
    title: 'Search by notice number',
    hint: 'Without identifying the citizen: notice number (18 digits) and, if needed, the creditor’s fiscal code.',
    nav: 'Notice number',
    ec: 'Creditor fiscal code (optional)',
    search: 'Search',
    notFound: 'No notice with this number.',
    invalidNav: 'Invalid notice number: check the 18 digits.',
    navWhy: {
      EMPTY: 'Notice number: type it (18 digits).',
      RF_REFERENCE: 'Notice number: this is an RF reference, not a pagoPA notice number (18 digits).',
      FORMAT: 'Notice number: digits only (invalid character at position {position}).',
      LENGTH: 'Notice number: 18 digits needed, you typed {length}.',
      AUX_DIGIT: 'Notice number: it must start with 0, 1, 2 or 3 (it starts with {auxDigit}).',
      CHECK_DIGITS: 'Notice number: the last two check digits do not match: check the number again.',
    },
    ecWhy: {
      EMPTY: 'Creditor fiscal code: type it or leave it empty.',
      LENGTH: 'Creditor fiscal code: 11 digits needed, you typed {length}.',
      FORMAT: 'Creditor fiscal code: digits only (invalid character at position {position}).',
      CHECK_DIGIT: 'Creditor fiscal code: the check digit does not match: check the code again.',
    },
    close: 'Close search',
    forceNeeded:
      'This notice cannot be paid (expired or already paid): printing it needs a supervisor’s forced selection, with the reason.',
    forceTag: 'forced',
  },
  sync: {
    running:
      'Syncing with pagoPA: {percent}% (no positions) | Syncing with pagoPA: {percent}% (1 position) | Syncing with pagoPA: {percent}% ({count} positions)',
    failed: 'Sync interrupted: it will resume where it stopped.',
    done: 'Sync complete: no positions. | Sync complete: 1 position. | Sync complete: {count} positions.',
    paymentsRunning: 'Fetching recent payments from pagoPA: {percent}%',
    paymentsDone:
      'Recent payments fetched: no position changed. | Recent payments fetched: 1 position changed. | Recent payments fetched: {count} positions changed.',
  },
};

export default en;
