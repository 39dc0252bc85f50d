import type it from '../it/printing';

/** Messages of the printing feature (English): the same keys as Italian. */
const en: typeof it = {};

export default en;
