import type { RefusedItem } from '../../../core/contract/domains/positions';
import type { CallContext } from '../../connectors/types';
import type { Logger } from '../log';
import { localDay } from './dates';
import {
  DEFAULT_LISTING_TIMEOUT_MS,
  DEFAULT_MAX_PAGES,
  DEFAULT_MAX_RESPONSE_BYTES,
  withRetry,
  type RetryPolicy,
} from './resilience';

/** The raw value of a refused item as logged: enough to find it at the backend, bounded in size. */
const MAX_RAW_CHARS = 4000;

/** Names and contact fields are masked: the log keeps identifiers and the faulty values, not who a person is. */
const PERSONAL = /^(anagrafica|anagaraficaIntestatario|fullName|email|indirizzo|civico|cap|localita)$/i;

function rawText(raw: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(raw, (k, v: unknown) => (PERSONAL.test(k) ? '[omesso]' : v)) ?? String(raw);
  } catch {
    s = String(raw);
  }
  return s.length > MAX_RAW_CHARS ? `${s.slice(0, MAX_RAW_CHARS)}…` : s;
}

/**
 * The context of one listing (or one single call): the listing deadline starts now; each request gets the
 * per-request deadline and retries of the policy; every refused item is logged with its raw value, so the
 * technician can show the backend's operator exactly what the desk could not use.
 */
export function callContext(policy: RetryPolicy, now: Date, log: Logger, connector: string): CallContext {
  const signal = AbortSignal.timeout(policy.listingTimeoutMs ?? DEFAULT_LISTING_TIMEOUT_MS);
  return {
    signal,
    today: localDay(now),
    now: now.toISOString(),
    limits: {
      maxPages: policy.maxPages ?? DEFAULT_MAX_PAGES,
      maxResponseBytes: policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    },
    request: (fn) => withRetry(policy, fn, signal),
    onRefused: (item: RefusedItem, raw: unknown) =>
      log.warn('backend item refused', { connector, ...item, raw: rawText(raw) }),
  };
}

/**
 * The context of one call that carries its own deadline (a fee's creation, check or receipt): no listing
 * limits to reach, no retries of its own (the fee service decides what a retry means), refused items logged
 * when a logger is given.
 */
export function singleCallContext(
  signal: AbortSignal,
  now: Date,
  log?: Logger,
  connector = 'fees',
): CallContext {
  return {
    signal,
    today: localDay(now),
    now: now.toISOString(),
    limits: { maxPages: DEFAULT_MAX_PAGES, maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES },
    request: (fn) => fn(signal),
    onRefused: (item: RefusedItem, raw: unknown) =>
      log?.warn('backend item refused', { connector, ...item, raw: rawText(raw) }),
  };
}
