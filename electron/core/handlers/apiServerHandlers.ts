import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type ApiServerHandlers = Pick<Handlers, 'apiServer.status' | 'apiServer.setEnabled' | 'apiServer.addToken' | 'apiServer.revokeToken'>;

/** The local API server as Settings and the CLI manage it (apiServer/apiServerHost.ts). */
export function apiServerHandlers(core: CoreContext): ApiServerHandlers {
  return {
    'apiServer.status': () => core.apiServer().status(),
    'apiServer.setEnabled': ({ enabled, port }) => core.apiServer().setEnabled(enabled, port),
    'apiServer.addToken': ({ name }) => core.apiServer().addToken(name),
    'apiServer.revokeToken': ({ name }) => core.apiServer().revokeToken(name),
  };
}
