import type it from '../it/settings';

/** The clerk's settings screen (English). */
const en: typeof it = {
  open: 'Settings',
  openLabel: 'Desk settings (Ctrl+comma)',
  title: 'Desk settings',
  lead: 'They apply to this desk and stay after a restart.',
  language: 'Language',
  languages: { it: 'Italiano', en: 'English' },
  idle: 'Inactivity before the desk clears',
  idleUnit: 'seconds',
  idleHint: 'From {min} to {max} seconds. Now: {current}.',
  idleError: 'Enter a whole number of seconds, from {min} to {max}.',
  idleOff: 'never (switched off)',
  minutes: '{m} min | {m} min | {m} min',
  minutesSeconds: '{m} min {s} s',
  seconds: '{s} s',
  cardRemoved: 'When the card leaves the reader',
  cardRemovedChoices: {
    clear: 'Take the citizen off the screen',
    keep: 'Keep the citizen on screen (marked “card removed”)',
  },
  locked: 'Locked by the administrator: set by the file {file}.',
  lockedNoFile: 'Locked by the administrator: set by the desk’s configuration file.',
  elsewhere: 'Other settings fixed by the administrator',
  lockedHelp: 'The locked ones are set by the administrator: to change them, ask whoever manages the desks.',
  elsewhereLead: 'The file {file} sets these too:',
  save: 'Save (Enter)',
  close: 'Close (Esc)',
  saved: 'Settings saved: in force now.',
  nothing: 'No change to save.',
  refusedLocked:
    'Not saved: {keys} is locked by the administrator ({file}). | Not saved: {keys} are locked by the administrator ({file}).',
  refusedRange: 'Not saved: a value is outside the allowed range ({keys}).',
  keys: { locale: 'the language', onCardRemoved: 'card removal', idleClearSeconds: 'inactivity' },
};
export default en;
