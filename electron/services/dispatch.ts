import {
  AppError,
  methods,
  type MethodName,
  type Output,
  type ParsedInput,
  type Response,
} from '../../core/contract';
import { isMethodName } from '../../core/contract';
import type { Logger } from './log';

/** Who is calling: the transport says so, the audit log records it. */
export interface CallContext {
  readonly transport: 'ipc' | 'websocket' | 'direct';
}

export type Handler<M extends MethodName> = (
  input: ParsedInput<M>,
  call: CallContext,
) => Promise<Output<M>> | Output<M>;

/** One handler per contract method: the compiler refuses a map that misses one. */
export type Handlers = { readonly [M in MethodName]: Handler<M> };

function summarizeIssues(issues: readonly { path: readonly PropertyKey[]; code: string }[]) {
  return issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join('.'), code: i.code }));
}

/**
 * The single entry point of every transport. Validates the method name and the payload, runs the handler and
 * turns any failure into a typed error value: no exception crosses a transport, no stack reaches the clerk.
 */
export async function dispatch(
  handlers: Handlers,
  method: unknown,
  payload: unknown,
  call: CallContext,
  log: Logger,
): Promise<Response<MethodName>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'INVALID_INPUT', details: { reason: 'UNKNOWN_METHOD' } } };
  }
  const spec = methods[method];
  const parsed = spec.input.safeParse(payload);
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        details: { reason: 'SCHEMA', issues: summarizeIssues(parsed.error.issues) },
      },
    };
  }
  try {
    const handler = handlers[method] as Handler<MethodName>;
    const value = await handler(parsed.data as never, call);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      // Our own bug: never hand the UI data that breaks the contract.
      log.error('contract output rejected', { method, issues: summarizeIssues(checked.error.issues) });
      return { ok: false, error: { code: 'INTERNAL' } };
    }
    return { ok: true, value: checked.data as Output<MethodName> };
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err.toContractError() };
    log.error('handler failed', { method, error: err instanceof Error ? err.message : String(err) });
    return { ok: false, error: { code: 'INTERNAL' } };
  }
}
