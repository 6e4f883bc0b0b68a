import * as Dialog from '@radix-ui/react-dialog';
import { createContext, type ReactNode, useContext, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';
import { useRemote } from '../remote/RemoteProvider.js';
import './links.css';

/** Asks the user about a link before it leaves the app (see LinkConfirmProvider). */
const OpenLinkContext = createContext<(url: string) => void>(() => undefined);

/** What a clicked link calls instead of following it: shows the confirmation for `url`. */
export function useOpenLink(): (url: string) => void {
  return useContext(OpenLinkContext);
}

/**
 * No link leaves the window silently. A clicked Markdown link (useOpenLink), and anything main
 * stopped on its way out (`window.open`, a navigation: the `link.requested` event), shows the full
 * URL first. Confirmed, main opens it in the browser, or while the machine policy is offline copies
 * it to the clipboard and says why; main checks the scheme and the policy again either way.
 */
export function LinkConfirmProvider({ children }: { children: ReactNode }) {
  const [url, setUrl] = useState<string | null>(null);
  useEnclaveEvents((event) => {
    if (event.type === 'link.requested') setUrl(event.url);
  });
  return (
    <OpenLinkContext.Provider value={setUrl}>
      {children}
      {url !== null && (
        <LinkConfirmDialog
          key={url}
          url={url}
          onClose={() => {
            setUrl(null);
          }}
        />
      )}
    </OpenLinkContext.Provider>
  );
}

function LinkConfirmDialog({ url, onClose }: { url: string; onClose: () => void }) {
  // Until the policy is known, the safer wording: main decides in the end.
  const offline = (useRemote()?.policy?.networkMode ?? 'offline') === 'offline';
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [copied, setCopied] = useState<string | null>(null);

  async function confirm() {
    setBusy(true);
    setError(null);
    const result = await settle(() => enclave().links.open({ url }));
    setBusy(false);
    if (!result.ok) setError(result.error);
    else if (result.value.action === 'copied') setCopied(result.value.reason);
    else onClose();
  }

  return (
    <Dialog.Root
      open
      onOpenChange={(open) => {
        if (!open) onClose();
      }}
    >
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog link-confirm">
          <Dialog.Title className="dialog-title">{offline ? 'Copy this link?' : 'Open this link in your browser?'}</Dialog.Title>
          <Dialog.Description className="dialog-description">
            {offline
              ? 'This computer’s policy keeps Enclave offline, so it does not open links. You can copy the address instead:'
              : 'It opens outside Enclave, in your web browser. Check the full address first:'}
          </Dialog.Description>
          <p className="link-confirm-url" data-testid="link-confirm-url">
            {url}
          </p>
          {copied && (
            <p className="link-confirm-copied" role="status">
              {copied}
            </p>
          )}
          {error && <InlineAlert error={error} prefix="The link was not opened" />}
          <div className="dialog-actions">
            <Dialog.Close className="button">{copied ? 'Close' : 'Cancel'}</Dialog.Close>
            {!copied && (
              <button type="button" className="button button-primary" disabled={busy} onClick={() => void confirm()}>
                {offline ? 'Copy link' : 'Open in browser'}
              </button>
            )}
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
