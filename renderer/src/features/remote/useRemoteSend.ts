import { useCallback, useState } from 'react';
import type { AppError, Result } from '@shared/errors.js';
import type { OutgoingPreview } from '@shared/remote.js';
import { enclave, settle } from '../../lib/api.js';
import type { RemoteTarget } from './remoteTarget.js';

/** What the last remote send showed above the composer: what DLP found and where the message went, or why it did not. */
export type OutgoingNotice =
  | { kind: 'sent'; preview: OutgoingPreview }
  | { kind: 'blocked'; reason: string }
  | { kind: 'failed'; error: AppError };

export interface PendingConfirmation {
  target: RemoteTarget;
  preview: OutgoingPreview;
  answer: (send: boolean) => void;
}

/** What goes to a remote model: a new message, an edit of an earlier one, or another answer to a reply. */
export type RemoteRequest = { content: string; editOf?: string } | { regenerateOf: string };

/** A request the data-loss check let through, and the user's answer to its warned findings. */
export interface CheckedRequest {
  preview: OutgoingPreview;
  confirmSensitive: boolean;
}

export interface RemoteSend {
  notice: OutgoingNotice | null;
  dismissNotice: () => void;
  /** Set while the user is asked whether to send warned findings as they are. */
  confirming: PendingConfirmation | null;
  /** Resolves false when nothing was sent (blocked, cancelled, failed), so the composer keeps the text. */
  send: (target: RemoteTarget, content: string) => Promise<boolean>;
  /**
   * The check before an edit or a regeneration goes out: what DLP finds on the branch it would send,
   * asking the user about warned findings. Null when it must not be sent (cancelled, or the check
   * failed, shown in the notice); otherwise pass `confirmSensitive` with the request.
   */
  check: (target: RemoteTarget, request: RemoteRequest) => Promise<CheckedRequest | null>;
  /** After a checked request was sent: shows what DLP found and where it went, as a send does. */
  noteSent: (preview: OutgoingPreview) => void;
}

/**
 * Sending to a remote model: first `chats.preview` (nothing leaves yet) to learn what DLP found and
 * where the message may go; warned findings ask the user first, and only then `chats.send` (or the
 * edit or regeneration), with the user's answer as `confirmSensitive`. A blocked message comes back
 * refused with the policy's reason.
 */
export function useRemoteSend(
  chatId: string,
  sendChecked: (target: { remote: RemoteTarget }, content: string, options: { confirmSensitive: boolean }) => Promise<Result<unknown>>,
): RemoteSend {
  const [notice, setNotice] = useState<OutgoingNotice | null>(null);
  const [confirming, setConfirming] = useState<PendingConfirmation | null>(null);

  const check = useCallback(
    async (target: RemoteTarget, request: RemoteRequest): Promise<CheckedRequest | null> => {
      setNotice(null);
      const checked = await settle(() => enclave().chats.preview({ chatId, remote: target, ...request }));
      if (!checked.ok) {
        setNotice({ kind: 'failed', error: checked.error });
        return null;
      }
      const preview = checked.value;
      if (preview.route === 'blocked' || !preview.needsConfirmation) return { preview, confirmSensitive: false };
      const confirmed = await new Promise<boolean>((resolve) => setConfirming({ target, preview, answer: resolve }));
      setConfirming(null);
      return confirmed ? { preview, confirmSensitive: true } : null;
    },
    [chatId],
  );

  const noteSent = useCallback((preview: OutgoingPreview) => {
    if (preview.findings.length > 0 || preview.route === 'local') setNotice({ kind: 'sent', preview });
  }, []);

  const send = useCallback(
    async (target: RemoteTarget, content: string): Promise<boolean> => {
      const checked = await check(target, { content });
      if (!checked) return false;
      // A blocked message goes to core all the same: core refuses it, sends and stores nothing, and records
      // the attempt in the record of remote requests. Its verdict also wins if the history changed meanwhile.
      const { confirmSensitive } = checked;
      const sent = await sendChecked({ remote: target }, content, { confirmSensitive });
      if (!sent.ok) {
        setNotice(sent.error.code === 'dlp-blocked' ? { kind: 'blocked', reason: sent.error.message } : { kind: 'failed', error: sent.error });
        return false;
      }
      noteSent(checked.preview);
      return true;
    },
    [sendChecked, check, noteSent],
  );

  const dismissNotice = useCallback(() => setNotice(null), []);
  return { notice, dismissNotice, confirming, send, check, noteSent };
}
