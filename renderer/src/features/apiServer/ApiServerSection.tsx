import type { ApiServerStatus } from '@shared/apiServer.js';
import type { EnclaveEvent } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';
import { AddApiClientForm } from './AddApiClientForm.js';
import { ApiClientTable } from './ApiClientTable.js';
import { ApiServerPolicyNote } from './ApiServerPolicyNote.js';
import { ApiServerSwitchForm } from './ApiServerSwitchForm.js';
import '../../components/data-table.css';
import '../remote/remote.css';
import './apiServer.css';

const loadStatus = () => enclave().apiServer.status();
// A new policy may enable the server, stop it, or change what it allows.
const policyChanged = (event: EnclaveEvent) => event.type === 'policy.changed';

/**
 * Settings → Local API: other programs on this computer using the local models over the
 * OpenAI-compatible API. Where the machine policy does not enable the server, one line says so
 * instead of a form that could never be used; otherwise the switch and port, the address while it
 * runs, what the policy fixes, and the clients with their tokens.
 */
export function ApiServerSection() {
  const status = useLiveQuery<ApiServerStatus>(loadStatus, policyChanged);
  const value = status.value;
  return (
    <section className="column-section api-server-section" aria-labelledby="api-server-title">
      <h3 id="api-server-title">Local API server</h3>
      {status.error && <InlineAlert error={status.error} prefix="Could not read the local API server’s state" />}
      {!value && !status.error && (
        <p role="status" className="muted">
          Reading the local API server…
        </p>
      )}
      {value && !value.allowedByPolicy && (
        <p className="policy-state policy-state-offline policy-off-line" data-api-server="off-by-policy">
          <strong>The local API server is off:</strong> the machine policy does not enable it, so no other program can use the local
          models. An administrator can turn it on with <code>apiServer.enabled</code> in the policy file.
        </p>
      )}
      {value?.allowedByPolicy && (
        <>
          <ApiServerSwitchForm status={value} change={status.change} />
          <ApiServerPolicyNote status={value} />
          <h4>Clients</h4>
          <ApiClientTable tokens={value.tokens} change={status.change} />
          <AddApiClientForm change={status.change} />
        </>
      )}
    </section>
  );
}
