import { describe, expect, it } from 'vitest';
import { i18n } from '../../../renderer/src/i18n';

const t = i18n.global.t;

/** "1 opzioni", "1 righe" no more: counts go through vue-i18n's plural forms (zero | one | many), in both languages. */
describe('plural forms', () => {
  it.each([
    ['it', 'positions.selected', 1, 'Selezionata: 1 opzione — € 1,00'],
    ['it', 'positions.selected', 3, 'Selezionate: 3 opzioni — € 1,00'],
    ['en', 'positions.selected', 1, 'Selected: 1 option — € 1,00'],
    ['it', 'positions.sync.done', 1, 'Sincronizzazione completata: 1 posizione.'],
    ['it', 'positions.sync.done', 0, 'Sincronizzazione completata: nessuna posizione.'],
    ['en', 'positions.sync.done', 2, 'Sync complete: 2 positions.'],
    ['it', 'positions.ways.rates', 1, 'una rata'],
    ['it', 'positions.ways.rates', 3, '3 rate'],
    ['it', 'supervisor.unresolved', 1, '(di 1 avviso l’importo non è più in archivio)'],
    [
      'it',
      'app.idleWarning',
      1,
      'Inattività: i dati del cittadino spariscono tra 1 secondo. Premi un tasto per restare.',
    ],
  ] as const)('%s %s %d', (locale, key, n, want) => {
    i18n.global.locale.value = locale;
    expect(t(key, { count: n, amount: '€ 1,00', seconds: n }, n)).toBe(want);
  });
});
