import type { Handlers } from '../ipc/dispatch.js';
import { listRemoteRequests } from '../remote/store/remoteRequests.js';
import { listPrices, setPrice, usageCsv, usageReport } from '../remote/usage.js';
import type { CoreContext } from './context.js';

type RemoteHandlers = Pick<
  Handlers,
  | 'chats.preview'
  | 'collections.setConfidential'
  | 'policy.status'
  | 'endpoints.list'
  | 'endpoints.add'
  | 'endpoints.remove'
  | 'endpoints.models'
  | 'usage.report'
  | 'usage.csv'
  | 'usage.requests'
  | 'usage.prices'
  | 'usage.setPrice'
>;

export function remoteHandlers(core: CoreContext): RemoteHandlers {
  return {
    'chats.preview': ({ chatId, remote, content = '', editOf, regenerateOf }) =>
      core.remote().preview(chatId, remote, content, core.chats().branchPointFor(chatId, { editOf, regenerateOf })),
    'collections.setConfidential': ({ collectionId, confidential }) => core.documents().setConfidential(collectionId, confidential),
    'policy.status': () => core.remote().policyStatus(),
    'endpoints.list': () => core.remote().listEndpoints(),
    'endpoints.add': (endpoint) => core.remote().addEndpoint(endpoint),
    'endpoints.remove': ({ endpointId }) => ({ endpointId: core.remote().removeEndpoint(endpointId).id }),
    'endpoints.models': ({ endpointId }) => core.remote().models(endpointId),
    'usage.report': ({ since, comparisonModel }) => usageReport(core.database(), { since, comparisonModel }),
    'usage.csv': ({ since }) => ({ csv: usageCsv(usageReport(core.database(), { since })) }),
    'usage.requests': ({ since }) => listRemoteRequests(core.database(), since),
    'usage.prices': () => listPrices(core.database()),
    'usage.setPrice': (price) => setPrice(core.database(), price),
  };
}
