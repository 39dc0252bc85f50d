/** The citizen's display (Italian). */
export default {
  title: 'Sportello pagoPA',
  welcome: 'Benvenuto allo sportello',
  neutral: 'L’operatore la servirà a breve.',
  waiting: 'L’operatore sta preparando i suoi avvisi di pagamento.',
  payNow: 'Paga ora con il telefono',
  scanHint: 'Inquadra il codice QR con l’app IO o con l’app della tua banca.',
  notice: 'Codice avviso',
  due: 'Scadenza {date}',
  noDue: 'Senza scadenza',
  total: 'Totale',
  qrAlt: 'Codice QR pagoPA per {label}, {amount}',
  disconnected: 'Schermo non collegato allo sportello',
};
