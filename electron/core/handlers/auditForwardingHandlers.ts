import { EnclaveError } from '../errors.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type AuditForwardingHandlers = Pick<Handlers, 'audit.forwarding' | 'audit.forward'>;

/** Forwarding of the audit trail to the policy's syslog collector (audit/forwarding/): where it stands, and sending now. */
export function auditForwardingHandlers(core: CoreContext): AuditForwardingHandlers {
  return {
    'audit.forwarding': () => {
      core.database();
      return core.auditForwarder()?.status() ?? null;
    },
    'audit.forward': async () => {
      core.database();
      const forwarder = core.auditForwarder();
      if (!forwarder) throw new EnclaveError('not-found', 'The machine policy names no syslog collector (audit.collector), so the audit trail is not forwarded.');
      try {
        return { delivered: await forwarder.flush(), status: forwarder.status() };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new EnclaveError(
          'remote-unreachable',
          `The audit trail could not be forwarded to ${reason}. Its entries wait in the database and are sent when the collector answers.`,
        );
      }
    },
  };
}
