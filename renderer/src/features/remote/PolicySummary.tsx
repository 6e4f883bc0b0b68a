import type { PolicyStatus } from '@shared/remote.js';
import { remoteOffReason } from './remoteOff.js';

/**
 * Whether the machine policy allows remote endpoints, in one line. Offline (no policy, an invalid one,
 * or one that says so): who decided and what an administrator can do, and for an invalid file what is
 * wrong with it. Allowed: where to read the addresses (the policy's locked remote-endpoints setting,
 * below), so that each address is written once.
 */
export function PolicySummary({ policy }: { policy: PolicyStatus }) {
  const { source } = policy;
  const offReason = remoteOffReason(policy);
  if (offReason !== null) {
    return (
      <div
        className={`policy-state policy-state-${source.status === 'invalid' ? 'invalid' : 'offline'}`}
        data-policy-status={source.status}
        data-network-mode={policy.networkMode}
      >
        <p className="policy-off-line">
          <strong>Remote endpoints are off:</strong> {offReason}, so only local models answer.
          {source.status === 'missing' && (
            <>
              {' '}
              An administrator can allow endpoints with a policy file at <code>{source.path}</code>.
            </>
          )}
          {source.status === 'invalid' && ' Nothing leaves this computer until an administrator fixes it:'}
        </p>
        {source.status === 'invalid' && <p className="policy-error">{source.error ?? `The file ${source.path} could not be used.`}</p>}
      </div>
    );
  }
  return (
    <p className="policy-state policy-state-allowlist" data-policy-status={source.status} data-network-mode={policy.networkMode}>
      <strong>Remote endpoints allowed.</strong> Requests may go to the addresses the machine policy lists below,
      after the data-loss checks.
    </p>
  );
}
