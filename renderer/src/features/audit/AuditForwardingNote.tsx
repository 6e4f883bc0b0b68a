import { useEffect, useState } from 'react';
import type { AuditForwardingStatus } from '@shared/audit.js';
import { enclave, settle } from '../../lib/api.js';
import { forwardingText } from './auditText.js';

/**
 * Where forwarding to the machine policy's syslog collector stands, in words; nothing when the policy
 * names no collector (then the trail never leaves this machine). Read once when shown.
 */
export function AuditForwardingNote() {
  const [status, setStatus] = useState<AuditForwardingStatus | null>(null);
  useEffect(() => {
    let current = true;
    void settle(() => enclave().audit.forwarding({})).then((result) => {
      if (current && result.ok) setStatus(result.value);
    });
    return () => {
      current = false;
    };
  }, []);
  if (status === null) return null;
  return (
    <p className="audit-forwarding" data-testid="audit-forwarding">
      The machine policy has each entry sent on to the syslog collector <code>{status.collector}</code> as well.{' '}
      {forwardingText(status)}
    </p>
  );
}
