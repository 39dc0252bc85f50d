import type it from '../it/card';

/** Messages of the card feature (English): the same keys as Italian. */
const en: typeof it = {};

export default en;
