import { InlineAlert } from '../../components/InlineAlert.js';
import { AddEndpointForm } from './AddEndpointForm.js';
import { EndpointTable } from './EndpointTable.js';
import { LockedSettings } from './LockedSettings.js';
import { PolicySummary } from './PolicySummary.js';
import { useRemote } from './RemoteProvider.js';
import '../../components/data-table.css';
import './remote.css';

/**
 * Settings → Network & endpoints: what the machine policy allows (and why none of it can be changed
 * here), the OpenAI-compatible endpoints added on this computer, and a form to add one.
 */
export function NetworkSection() {
  const remote = useRemote();
  const policy = remote?.policy ?? null;
  const endpoints = remote?.endpoints ?? null;
  const offline = policy !== null && policy.networkMode === 'offline';
  return (
    <section className="column-section network-section" aria-labelledby="network-title">
      <h2 id="network-title">Network &amp; endpoints</h2>
      {remote?.error && <InlineAlert error={remote.error} prefix="Could not read the network policy" />}
      {!policy && !remote?.error && (
        <p role="status" className="muted">
          Reading the machine policy…
        </p>
      )}
      {policy && <PolicySummary policy={policy} />}
      {endpoints && endpoints.length > 0 && (
        <>
          <h3>Endpoints</h3>
          <EndpointTable endpoints={endpoints} />
        </>
      )}
      {policy && (
        <AddEndpointForm
          allowedUrls={policy.allowedEndpoints}
          disabledReason={offline ? 'The machine policy keeps Enclave offline, so no endpoint can be added.' : null}
          onAdded={() => remote?.reload() ?? Promise.resolve()}
        />
      )}
      {policy && <LockedSettings locks={policy.locks} />}
    </section>
  );
}
