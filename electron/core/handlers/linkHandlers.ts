import { isSafeExternalUrl } from '../../shared/links.js';
import { EnclaveError } from '../errors.js';
import type { Handlers } from '../ipc/dispatch.js';
import type { CoreContext } from './context.js';

type LinkHandlers = Pick<Handlers, 'links.open'>;

const offline = "This computer's policy keeps Enclave offline, so it does not open links.";
const copiedInstead = `${offline} The address was copied to the clipboard instead: paste it where you are allowed to open it.`;

/**
 * The last check before a link leaves the app: the window already showed the full URL and the user
 * confirmed. Only plain http(s) goes to the browser, and never while the machine policy is offline.
 */
export function linkHandlers(core: CoreContext): LinkHandlers {
  return {
    'links.open': async ({ url }) => {
      if (!isSafeExternalUrl(url)) {
        throw new EnclaveError('invalid-request', 'Enclave opens only plain http and https links, without a user name or password in them.');
      }
      const { openExternal, copyToClipboard } = core.services;
      if (core.policy.policy.network.mode === 'offline') {
        if (!copyToClipboard) throw new EnclaveError('remote-not-allowed', offline);
        await copyToClipboard(url);
        return { action: 'copied', reason: copiedInstead };
      }
      if (!openExternal) throw new EnclaveError('invalid-request', 'There is no browser to open links with here.');
      await openExternal(url);
      return { action: 'opened' };
    },
  };
}
