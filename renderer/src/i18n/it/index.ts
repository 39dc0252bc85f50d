import card from './card';
import desk from './desk';
import positions from './positions';
import printing from './printing';
import fees from './fees';
import display from './display';
import settings from './settings';

/** One file per feature, so features add their sentences without touching each other's. */
export default {
  ...desk,
  card,
  positions: { ...desk.positions, ...positions },
  printing,
  fees,
  display,
  settings,
};
