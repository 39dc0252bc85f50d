import card from './card';
import desk from './desk';
import positions from './positions';
import printing from './printing';

export default { ...desk, card, positions: { ...desk.positions, ...positions }, printing };
