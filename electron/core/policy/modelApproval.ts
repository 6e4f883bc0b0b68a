import type { Policy } from '../../shared/policy.js';

/** What the machine policy's `models` section says about which model files may load. */
export interface ModelApproval {
  /** false: any model file may load (no `models.allowed`, or `allowSideloaded: true`). */
  restricted: boolean;
  /** Whether a file with this SHA-256 is listed in `models.allowed`. */
  listed(sha256: string): boolean;
}

/**
 * The policy's rule for models. `allowSideloaded` defaults to true without an `allowed` list (no
 * restriction: the policy says nothing about models) and to false with one: an administrator who
 * lists approved models means only those, and the safe reading of an unset flag is the narrow one.
 */
export function modelApproval(policy: Policy): ModelApproval {
  const allowed = policy.models?.allowed;
  const allowSideloaded = policy.models?.allowSideloaded ?? allowed === undefined;
  const hashes = new Set((allowed ?? []).map((model) => model.sha256.toLowerCase()));
  return { restricted: !allowSideloaded, listed: (sha256) => hashes.has(sha256.toLowerCase()) };
}

/** Who set the policy, for messages: "The machine policy (Contoso IT)", or "The machine policy" when unnamed. */
export function policyOwner(policy: Policy): string {
  return policy.name ? `The machine policy (${policy.name})` : 'The machine policy';
}
