/** A value or the reason it could not be produced. Pure rules return this instead of throwing. */
export type Result<T, R extends string = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly reason: R; readonly detail?: Readonly<Record<string, unknown>> };

export const ok = <T>(value: T): { readonly ok: true; readonly value: T } => ({ ok: true, value });

export const fail = <R extends string>(
  reason: R,
  detail?: Readonly<Record<string, unknown>>,
): { readonly ok: false; readonly reason: R; readonly detail?: Readonly<Record<string, unknown>> } =>
  detail === undefined ? { ok: false, reason } : { ok: false, reason, detail };
