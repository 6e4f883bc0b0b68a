import type { Policy } from '../../shared/policy.js';
import { EnclaveError } from '../errors.js';
import { policyOwner } from './modelApproval.js';

/** Whether the machine policy lets chats be exported to files (`export.allowed`, true unless set false). */
export function chatExportAllowed(policy: Policy): boolean {
  return policy.export?.allowed ?? true;
}

/** Why chats cannot be exported, in one sentence that names the policy; null when they can. */
export function chatExportRefusal(policy: Policy): string | null {
  if (chatExportAllowed(policy)) return null;
  return `${policyOwner(policy)} does not allow exporting chats (export.allowed is false); only an administrator can change that.`;
}

/** Throws `export-not-allowed` when the policy forbids exporting chats; called before anything is read. */
export function assertChatExportAllowed(policy: Policy): void {
  const refusal = chatExportRefusal(policy);
  if (refusal) throw new EnclaveError('export-not-allowed', refusal);
}
