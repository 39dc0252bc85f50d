import card from './card';
import desk from './desk';
import positions from './positions';
import printing from './printing';
import fees from './fees';
import display from './display';
import settings from './settings';

export default {
  ...desk,
  card,
  positions: { ...desk.positions, ...positions },
  printing,
  fees,
  display,
  settings,
};
