import type it from '../it/card';

/** Messages of the card feature (English): the same keys as Italian. */
const en: typeof it = {
  kinds: {
    CNS: 'CNS',
    CRS_LOMBARDIA: 'Lombardy CRS',
    TS_CNS: 'Health card (TS-CNS)',
    CIE: 'Electronic identity card',
    UNKNOWN: 'unknown card',
  },
  details: 'Card details',
  kind: 'Type',
  issuer: 'Issued by',
  validUntil: 'Certificate valid until {date}',
  chain: {
    verified: 'certificate verified',
    unverified: 'certificate not verified (no authority list configured)',
    untrusted: 'certificate NOT recognised: untrusted authority',
  },
  revocation: {
    'not-checked': 'revocation not checked',
    good: 'not revoked',
    revoked: 'REVOKED',
    unknown: 'revocation could not be checked',
  },
  warnings: {
    OMOCODIC_CODE: 'Fiscal code with omocodia: used exactly as issued.',
    CERT_EXPIRED: 'The card certificate has expired.',
    CERT_NOT_YET_VALID: 'The card certificate is not valid yet.',
    CHAIN_UNTRUSTED: 'The card was not issued by a recognised authority: check an ID document.',
    CERT_REVOKED: 'The card certificate has been revoked: check an ID document.',
    REVOCATION_UNKNOWN: 'The certificate revocation could not be checked.',
    PERSONAL_DATA_UNREADABLE: 'The personal data on the card cannot be read.',
    PERSONAL_DATA_BIRTHDATE_MISMATCH: 'The birth date on the card does not match the fiscal code.',
    PERSONAL_DATA_SEX_MISMATCH: 'The sex on the card does not match the fiscal code.',
    PERSONAL_DATA_CODE_MISMATCH: 'The fiscal code in the card data differs from the certificate.',
  },
  problems: {
    TOKEN_NOT_RECOGNIZED:
      'The reader’s module does not recognise this card: it is not a CNS/CRS. Type the fiscal code.',
    CIE_NOT_SUPPORTED:
      'Electronic identity card: not readable at the desk (it needs pairing with the full PIN on this PC). Type the fiscal code.',
    CIE_NOT_PAIRED:
      'Electronic identity card not paired with this PC: not supported at the desk. Type the fiscal code.',
    NO_CERTIFICATE: 'The card holds no readable certificate: not a CNS/CRS. Type the fiscal code.',
    NO_AUTH_CERTIFICATE: 'Not a recognised CNS/CRS/TS-CNS card. Type the fiscal code.',
    CN_MALFORMED: 'The card certificate does not have the expected CNS format. Type the fiscal code.',
    FISCAL_CODE_NOT_PERSONAL: 'The card carries a non-personal fiscal code. Type the fiscal code.',
    FISCAL_CODE: 'The fiscal code on the card is not valid. Type it from an ID document.',
    CERTIFICATE_UNREADABLE: 'The card certificate cannot be read: insert the card again.',
    READ: 'Reading the card failed: insert the card again.',
    MODULE: 'The card reader module does not load ({reason}): call IT support.',
    RESTARTING: 'Reader restarting: you can go on typing the fiscal code.',
  },
  /** A card still in the reader whose citizen the clerk set aside (Esc, or a typed code over it). */
  setAside: {
    text: 'Card set aside: it is still in the reader but is not the citizen on screen. Press F6 (read the card again) to bring them back.',
    typed:
      'Card set aside: a card is still in the reader, but the typed code is on screen. Press F6 (read the card again) to go back to the card’s citizen.',
    button: 'Read the card again',
    busy: 'Reading the card again…',
  },
  reread: {
    CARD_NOT_PRESENT:
      'No citizen card in the reader to read again: insert the card, or type the fiscal code.',
    CARD_READ_FAILED: 'Reading the card again failed: try again, or take the card out and put it back.',
    CARD_UNSUPPORTED: 'The card in the reader cannot identify anyone: type the fiscal code.',
    READER_RESTARTING: 'The reader is restarting: try again in a few seconds, or type the fiscal code.',
    other: 'Reading the card again failed ({code}): take the card out and put it back.',
  },
  pin: {
    verify: 'Verify PIN',
    title: 'Holder verification',
    explain: 'Ask the citizen to type the card PIN. The PIN is not stored.',
    label: 'Card PIN',
    confirm: 'Verify',
    cancel: 'Cancel',
    countLow: 'Warning: few PIN tries left.',
    finalTry: 'WARNING: last try. Another wrong PIN locks the card.',
    locked: 'PIN locked: the PUK is needed, from the card issuer.',
    lockedReported:
      'The reader reports the PIN as locked. If the citizen knows the PIN it can be tried: a card that is really locked refuses it, with no other effect.',
    incorrect: 'Wrong PIN. The check is not repeated automatically.',
    incorrectFinal: 'Wrong PIN: one try left before the card locks.',
    unsupported: {
      SIGNING_NOT_SUPPORTED:
        'The reader module cannot make this card sign: the PIN cannot be verified here. The identification from the card stands.',
      NO_PRIVATE_KEY:
        'The card lacks the key of its certificate: the PIN cannot be verified here. The identification from the card stands.',
      KEY_MISMATCH: 'The card signed with a key other than its certificate’s: check an identity document.',
    },
    verified: 'Holder verified with PIN',
  },
};

export default en;
