import type { MethodName } from '../../../core/contract';
import { METHOD_ROLES } from '../../../core/contract/roles';
import type { Handler, Handlers } from '../dispatch';
import type { OperatorService } from './operator-service';

/**
 * Roles enforced where the acts happen: every call from a window (IPC, WebSocket) first asks the operator
 * service whether the operator holding the desk (unlocked) may make it. A UI that shows a button it should not
 * cannot get past this. In-process callers (`direct`: the CLI run by IT staff on the machine, tests) are not
 * clerks at the counter and are not asked.
 */
export function guardHandlers(handlers: Handlers, operators: OperatorService): Handlers {
  const guarded: Partial<Record<MethodName, Handler<MethodName>>> = {};
  for (const name of Object.keys(handlers) as MethodName[]) {
    const role = METHOD_ROLES[name];
    const inner = handlers[name] as Handler<MethodName>;
    guarded[name] =
      role === 'open'
        ? inner
        : (input, call) => {
            if (call.transport !== 'direct') operators.require(role);
            return inner(input, call);
          };
  }
  return guarded as Handlers;
}
