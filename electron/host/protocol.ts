import { z } from 'zod';

/** The browser host's wire format. Every frame from the page is parsed against this before anything else. */
export const clientFrameSchema = z.strictObject({
  t: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(100),
  payload: z.unknown().optional(),
});

export type ServerFrame =
  | { t: 'result'; id: number; response: unknown }
  | { t: 'event'; name: string; payload: unknown }
  /** Sent once, to the page that spent the launch token: what it presents from now on. */
  | { t: 'session'; secret: string }
  | { t: 'error'; code: 'INVALID_INPUT'; details: { reason: string } };

/** Frames larger than this are refused by the socket itself; the contract's largest request is far smaller. */
export const MAX_FRAME_BYTES = 1024 * 1024;
