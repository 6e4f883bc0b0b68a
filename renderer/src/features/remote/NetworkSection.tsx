import type { PolicyLocks } from '@shared/policy.js';
import type { PolicyStatus } from '@shared/remote.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { AddEndpointForm } from './AddEndpointForm.js';
import { EndpointTable } from './EndpointTable.js';
import { LockedSettings } from './LockedSettings.js';
import { PolicySummary } from './PolicySummary.js';
import { useRemote } from './RemoteProvider.js';
import '../../components/data-table.css';
import './remote.css';

/**
 * Settings → Network & endpoints: whether the machine policy allows remote endpoints, said once, and
 * what it locks (the allowed addresses among them, listed there and nowhere else). Where the policy
 * allows endpoints, those added on this computer and a form to add one; where it keeps Enclave
 * offline, one line says so instead of a form that could never be used (endpoints added before stay
 * listed, to be removed).
 */
export function NetworkSection() {
  const remote = useRemote();
  const policy = remote?.policy ?? null;
  const endpoints = remote?.endpoints ?? null;
  const offline = policy !== null && policy.networkMode === 'offline';
  return (
    <section className="column-section network-section" aria-labelledby="network-title">
      <h3 id="network-title">Network &amp; endpoints</h3>
      {remote?.error && <InlineAlert error={remote.error} prefix="Could not read the network policy" />}
      {!policy && !remote?.error && (
        <p role="status" className="muted">
          Reading the machine policy…
        </p>
      )}
      {policy && <PolicySummary policy={policy} />}
      {endpoints && endpoints.length > 0 && (
        <>
          <h4>Endpoints</h4>
          <EndpointTable endpoints={endpoints} />
        </>
      )}
      {policy && !offline && <AddEndpointForm allowedUrls={policy.allowedEndpoints} onAdded={() => remote?.reload() ?? Promise.resolve()} />}
      {policy && <LockedSettings locks={locksShown(policy)} />}
    </section>
  );
}

/**
 * The policy's locks, with their reason said once: under a loaded policy, who set them and where.
 * Without a valid policy the line above has already said why Enclave is offline (and, for an invalid
 * file, what is wrong with it), so the reason says only whose values these are.
 */
function locksShown(policy: PolicyStatus): PolicyLocks {
  if (policy.source.status === 'loaded') return policy.locks;
  return {
    ...policy.locks,
    reason: 'Enclave’s defaults, as no valid machine policy is in force; only an administrator can change them, with a policy file.',
  };
}
