import type { ApiServerStatus } from '@shared/apiServer.js';
import { Icon } from '../../components/Icon.js';
import { formatCount } from '../../lib/format.js';

/**
 * What the machine policy fixes about the server, in words a user acts on: who may connect, which web
 * pages may call it, how many requests run at once. The same values are listed with the other locked
 * settings under Network and policy; here they sit beside the switch they limit.
 */
export function ApiServerPolicyNote({ status }: { status: ApiServerStatus }) {
  const origins = status.allowedOrigins;
  return (
    <div className="api-server-policy" data-api-server="policy">
      <p className="muted locked-reason">
        <Icon name="lock" /> Set by the machine policy:
      </p>
      <ul className="muted">
        <li>
          {status.allowLan
            ? 'Listens on this computer (127.0.0.1); the policy also allows the network, with enclave serve --host.'
            : 'This computer only (127.0.0.1): the policy does not allow the network.'}
        </li>
        <li>{origins.length === 0 ? 'No web pages may call it.' : `Web pages from ${origins.join(', ')} may call it.`}</li>
        <li>At most {formatCount(status.maxConcurrentRequests, 'request')} at once; more wait their turn.</li>
      </ul>
    </div>
  );
}
