import { shallowRef } from 'vue';
import type { ForceSelection } from '../../../core/contract/domains/notices';
import type { ContractError } from '../../../core/contract/errors';

/**
 * A supervisor's forced selection for this citizen: the reason, the options it covers and, at a desk a clerk
 * holds, the approval the supervisor gave with their own password (and their name, to say who approved).
 */
export interface ForceGiven {
  readonly reason: string;
  readonly optionIds: readonly string[];
  readonly approval: string | null;
  readonly by: string;
}

/**
 * The supervisors' approvals the page holds for this citizen: `force`, the list's selection's; `otherForces`,
 * those given for something else (a failed forced job's retry, a notice found by number). All go with the
 * citizen; the services decide whether each is still valid, and one they refuse is not offered again.
 */
export function printForces() {
  const force = shallowRef<ForceGiven | null>(null);
  const otherForces = shallowRef<ForceGiven[]>([]);

  /** `force` for a request on these options, when a supervisor's forced selection covers all of them. */
  function forceFor(ids: readonly string[]): { force?: ForceSelection } {
    const f = [force.value, ...otherForces.value].find(
      (x): x is ForceGiven => !!x && ids.every((id) => x.optionIds.includes(id)),
    );
    if (!f) return {};
    return { force: { reason: f.reason, ...(f.approval ? { approval: f.approval } : {}) } };
  }

  /**
   * The desk refused the approval sent (past its ten minutes, dropped by a lock): not offered again, so the page
   * asks a supervisor again instead of saying "approved" over a refusal.
   */
  function refusedApproval(error: ContractError, sent: { force?: ForceSelection }): void {
    const approval = sent.force?.approval;
    if (error.code !== 'FORBIDDEN' || !approval) return;
    if (force.value?.approval === approval) force.value = null;
    otherForces.value = otherForces.value.filter((f) => f.approval !== approval);
  }

  /** A supervisor's approval for other options than the list's selection (a retry, a notice found by number). */
  function addForce(given: ForceGiven): void {
    otherForces.value = [given, ...otherForces.value.filter((f) => f !== given)].slice(0, 5);
  }

  function dropForce(given: ForceGiven): void {
    otherForces.value = otherForces.value.filter((f) => f !== given);
  }

  function clearForces(): void {
    force.value = null;
    otherForces.value = [];
  }

  return { force, otherForces, forceFor, refusedApproval, addForce, dropForce, clearForces };
}
