import type it from '../it/positions';

/** Messages of the positions feature (English): the same keys as Italian. */
const en: typeof it = {};

export default en;
