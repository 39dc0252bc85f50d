import { z } from 'zod';
import { displayStateSchema, type DisplayState } from '../../core/display/display-state';

/** The browser host's wire format. Every frame from the page is parsed against this before anything else. */
export const callFrameSchema = z.strictObject({
  t: z.literal('call'),
  id: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER),
  method: z.string().max(100),
  payload: z.unknown().optional(),
});

/** The clerk's page telling what the citizen's display shows (never accepted from a display page). */
export const displayFrameSchema = z.strictObject({ t: z.literal('display'), state: displayStateSchema });

export const clientFrameSchema = z.discriminatedUnion('t', [callFrameSchema, displayFrameSchema]);

export type ServerFrame =
  | { t: 'result'; id: number; response: unknown }
  | { t: 'event'; name: string; payload: unknown }
  /** Sent once, to the page that spent the launch token: what it presents from now on. */
  | { t: 'session'; secret: string }
  /** To display pages only: what to show now (null: the neutral screen). */
  | { t: 'display'; state: DisplayState }
  | { t: 'error'; code: 'INVALID_INPUT'; details: { reason: string } };

/** Frames larger than this are refused by the socket itself; the contract's largest request is far smaller. */
export const MAX_FRAME_BYTES = 1024 * 1024;
