import { z } from 'zod';

/** Methods that take no argument still take an object, so that adding an option later is not a breaking change. */
export const noInput = z.strictObject({}).optional();

/** Calendar date, no time zone: due dates and birth dates are days, not instants. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Instant, always UTC on the wire. */
export const isoInstant = z.string().datetime({ offset: true });

/** Integer euro cents. Validated as a safe integer within the pagoPA maximum (999.999.999,99). */
export const cents = z.number().int().min(0).max(99_999_999_999);

/** Text typed by the clerk or read from outside: bounded so that a runaway payload cannot be pushed through. */
export const boundedText = (max: number) => z.string().max(max);
