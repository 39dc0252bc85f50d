import type { z } from 'zod';

/** One request/response pair of the contract. The schemas are the single source of truth for both sides. */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
}

/** One pushed event of the contract. */
export interface EventSpec<P extends z.ZodType = z.ZodType> {
  readonly payload: P;
}

export const method = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O): MethodSpec<I, O> => ({
  input,
  output,
});

export const event = <P extends z.ZodType>(payload: P): EventSpec<P> => ({ payload });
