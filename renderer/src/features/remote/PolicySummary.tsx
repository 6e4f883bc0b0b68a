import type { PolicyStatus } from '@shared/remote.js';

/**
 * What the machine policy allows, in plain words: where it was read from, whether it applies, and
 * the endpoints it lets requests go to. Missing or invalid both mean offline, and say so first.
 */
export function PolicySummary({ policy }: { policy: PolicyStatus }) {
  const { source } = policy;
  return (
    <div className="policy-summary" data-policy-status={source.status} data-network-mode={policy.networkMode}>
      {source.status === 'missing' && (
        <p className="policy-state policy-state-offline">
          <strong>Offline.</strong> There is no machine policy, so nothing leaves this computer and only local models
          answer. An administrator can allow remote endpoints with a policy file at <code>{source.path}</code>.
        </p>
      )}
      {source.status === 'invalid' && (
        <div className="policy-state policy-state-invalid">
          <p>
            <strong>Offline: the machine policy is invalid.</strong> Until an administrator fixes it, nothing leaves this
            computer.
          </p>
          <p className="policy-error">{source.error ?? `The file ${source.path} could not be used.`}</p>
        </div>
      )}
      {source.status === 'loaded' && policy.networkMode === 'offline' && (
        <p className="policy-state policy-state-offline">
          <strong>Offline.</strong> The machine policy keeps everything on this computer: only local models answer.
        </p>
      )}
      {source.status === 'loaded' && policy.networkMode === 'allowlist' && (
        <p className="policy-state policy-state-allowlist">
          <strong>Remote endpoints allowed.</strong> The machine policy lets requests go to the addresses below, after
          the data-loss checks.
        </p>
      )}
      <dl className="facts facts-wide">
        <div className="fact fact-block">
          <dt>Policy file</dt>
          <dd>
            <code>{source.path}</code>{' '}
            <span className="muted">
              ({statusWords[source.status]}
              {source.origin === 'environment' ? '; chosen by ENCLAVE_POLICY_FILE' : ''})
            </span>
          </dd>
        </div>
        <div className="fact">
          <dt>Network</dt>
          <dd>{policy.networkMode === 'allowlist' ? 'Allowlist' : 'Offline'}</dd>
        </div>
        {policy.networkMode === 'allowlist' && (
          <div className="fact fact-block">
            <dt>Allowed endpoints</dt>
            <dd>
              <ul className="plain-list" aria-label="Allowed endpoints">
                {policy.allowedEndpoints.map((url) => (
                  <li key={url}>
                    <code>{url}</code>
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        <div className="fact">
          <dt>Document passages</dt>
          <dd>{policy.allowDocumentPassages ? 'May be sent to allowed endpoints' : 'Never sent: chats over documents stay local'}</dd>
        </div>
      </dl>
    </div>
  );
}

const statusWords: Record<PolicyStatus['source']['status'], string> = {
  loaded: 'in force',
  missing: 'not found',
  invalid: 'invalid, not applied',
};
