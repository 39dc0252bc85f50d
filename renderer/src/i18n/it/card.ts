/** Messages of the card feature (Italian). */
export default {
  kinds: {
    CNS: 'CNS',
    CRS_LOMBARDIA: 'CRS Lombardia',
    TS_CNS: 'Tessera sanitaria (TS-CNS)',
    CIE: 'Carta d’identità elettronica',
    UNKNOWN: 'carta sconosciuta',
  },
  details: 'Dettagli carta',
  kind: 'Tipo',
  issuer: 'Rilasciata da',
  validUntil: 'Certificato valido fino al {date}',
  chain: {
    verified: 'certificato verificato',
    unverified: 'certificato non verificato (nessun elenco di autorità configurato)',
    untrusted: 'certificato NON riconosciuto: autorità non attendibile',
  },
  revocation: {
    'not-checked': 'revoca non controllata',
    good: 'non revocato',
    revoked: 'REVOCATO',
    unknown: 'revoca non verificabile',
  },
  warnings: {
    OMOCODIC_CODE: 'Codice fiscale con omocodia: usato così com’è.',
    CERT_EXPIRED: 'Il certificato della carta è scaduto.',
    CERT_NOT_YET_VALID: 'Il certificato della carta non è ancora valido.',
    CHAIN_UNTRUSTED: 'La carta non è stata emessa da un’autorità riconosciuta: verifica un documento.',
    CERT_REVOKED: 'Il certificato della carta è stato revocato: verifica un documento.',
    REVOCATION_UNKNOWN: 'Non è stato possibile verificare la revoca del certificato.',
    PERSONAL_DATA_UNREADABLE: 'I dati personali sulla carta non sono leggibili.',
    PERSONAL_DATA_BIRTHDATE_MISMATCH: 'La data di nascita sulla carta non corrisponde al codice fiscale.',
    PERSONAL_DATA_SEX_MISMATCH: 'Il sesso indicato sulla carta non corrisponde al codice fiscale.',
    PERSONAL_DATA_CODE_MISMATCH:
      'Il codice fiscale nei dati della carta è diverso da quello del certificato.',
  },
  problems: {
    TOKEN_NOT_RECOGNIZED:
      'Carta non riconosciuta dal modulo del lettore: non è una CNS/CRS. Digita il codice fiscale.',
    CIE_NOT_SUPPORTED:
      'Carta d’identità elettronica: allo sportello non si legge (serve un abbinamento con il PIN completo su questo PC). Digita il codice fiscale.',
    CIE_NOT_PAIRED:
      'Carta d’identità elettronica non abbinata a questo PC: la lettura non è supportata allo sportello. Digita il codice fiscale.',
    NO_CERTIFICATE:
      'La carta non contiene un certificato leggibile: non è una CNS/CRS. Digita il codice fiscale.',
    NO_AUTH_CERTIFICATE: 'La carta non è una CNS/CRS/TS-CNS riconosciuta. Digita il codice fiscale.',
    CN_MALFORMED: 'Il certificato della carta non ha il formato CNS atteso. Digita il codice fiscale.',
    FISCAL_CODE_NOT_PERSONAL: 'La carta riporta un codice fiscale non personale. Digita il codice fiscale.',
    FISCAL_CODE: 'Il codice fiscale sulla carta non è valido. Digita il codice fiscale da un documento.',
    CERTIFICATE_UNREADABLE: 'Il certificato della carta non è leggibile: reinserisci la carta.',
    READ: 'Lettura della carta non riuscita: reinserisci la carta.',
    MODULE: 'Il modulo del lettore non si carica ({reason}): avvisa l’assistenza informatica.',
    RESTARTING: 'Lettore in riavvio: puoi continuare digitando il codice fiscale.',
  },
  /** A card still in the reader whose citizen the clerk set aside (Esc, or a typed code over it). */
  setAside: {
    text: 'Carta messa da parte: è ancora nel lettore ma non è il cittadino sul monitor. Per riaverlo premi F6 (rileggi la carta).',
    typed:
      'Carta messa da parte: nel lettore c’è ancora una carta, ma sul monitor c’è il codice digitato. Per tornare al cittadino della carta premi F6 (rileggi la carta).',
    button: 'Rileggi la carta',
    busy: 'Rilettura della carta…',
  },
  reread: {
    CARD_NOT_PRESENT:
      'Nessuna carta del cittadino nel lettore da rileggere: inserisci la carta, oppure digita il codice fiscale.',
    CARD_READ_FAILED: 'Rilettura della carta non riuscita: riprova, o togli e reinserisci la carta.',
    CARD_UNSUPPORTED: 'La carta nel lettore non si può usare per identificare: digita il codice fiscale.',
    READER_RESTARTING:
      'Il lettore si sta riavviando: riprova tra qualche secondo, o digita il codice fiscale.',
    other: 'Rilettura della carta non riuscita ({code}): togli e reinserisci la carta.',
  },
  pin: {
    verify: 'Verifica PIN',
    title: 'Verifica del titolare',
    explain: 'Chiedi al cittadino di digitare il PIN della carta. Il PIN non viene salvato.',
    label: 'PIN della carta',
    confirm: 'Verifica',
    cancel: 'Annulla',
    countLow: 'Attenzione: restano pochi tentativi per il PIN.',
    finalTry: 'ATTENZIONE: ultimo tentativo. Un altro PIN errato blocca la carta.',
    locked: 'PIN bloccato: serve il PUK presso l’ente che ha rilasciato la carta.',
    lockedReported:
      'Il lettore segnala il PIN bloccato. Se il cittadino conosce il PIN si può provare: una carta davvero bloccata lo rifiuta, senza altre conseguenze.',
    incorrect: 'PIN errato. La verifica non viene ripetuta automaticamente.',
    incorrectFinal: 'PIN errato: resta un solo tentativo prima del blocco.',
    unsupported: {
      SIGNING_NOT_SUPPORTED:
        'Il modulo del lettore non sa far firmare questa carta: qui il PIN non si può verificare. L’identificazione dalla carta resta valida.',
      NO_PRIVATE_KEY:
        'La carta non ha la chiave del suo certificato: qui il PIN non si può verificare. L’identificazione dalla carta resta valida.',
      KEY_MISMATCH:
        'La carta ha firmato con una chiave diversa da quella del suo certificato: verifica un documento d’identità.',
    },
    verified: 'Titolare verificato con PIN',
  },
};
