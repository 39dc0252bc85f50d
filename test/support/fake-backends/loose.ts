/**
 * `desk.call` answers with the union of every method's output; tests that already know which method they
 * called read the value loosely and assert on it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Loose = Record<string, any>;
