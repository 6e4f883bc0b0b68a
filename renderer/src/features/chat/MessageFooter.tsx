import { useId, useState } from 'react';
import type { ChatMessage } from '@shared/domain.js';
import { CopyButton } from '../../components/CopyButton.js';
import { DisclosureButton } from '../../components/DisclosureButton.js';
import { BranchSwitcher } from './BranchSwitcher.js';
import { MessageDetails } from './MessageDetails.js';
import type { MessageActions } from './messageActions.js';
import { cutOffReason, replyStatusLine } from './messageFacts.js';
import './message-tools.css';

interface MessageFooterProps {
  message: ChatMessage;
  actions: MessageActions | null;
  onEdit: () => void;
}

/**
 * The line under a message. Always shown, quietly: a reply's figures ("101 tokens · 50 tokens/s ·
 * 40% of context") and, for a reply that was cut off, why and Continue. Shown while the pointer is
 * over the message or the focus is in it (message-tools.css), yet always in the Tab order: its
 * versions ("‹ 2 / 3 ›"), Copy, Edit (yours) or Regenerate (a reply), and a reply's Details.
 */
export function MessageFooter({ message, actions, onEdit }: MessageFooterProps) {
  const fromUser = message.role === 'user';
  const streaming = message.status === 'streaming';
  const busy = actions?.busy ?? true;
  const status = fromUser || streaming ? null : replyStatusLine(message);
  const cutOff = streaming ? null : cutOffReason(message);
  const [detailsOpen, setDetailsOpen] = useState(false);
  const stopNoteId = useId();
  const detailsId = useId();
  const what = fromUser ? 'your message' : 'this reply';
  return (
    <footer className="message-footer" data-details-open={detailsOpen || undefined}>
      <div className="message-footer-line">
        {status && <p className="message-status">{status}</p>}
        {cutOff === 'token-limit' && (
          <span id={stopNoteId} className="message-stop-note">
            Stopped at the token limit
          </span>
        )}
        {actions && cutOff && (
          <button
            type="button"
            className="button button-small"
            disabled={busy || actions.continueBlockedReason !== null}
            title={actions.continueBlockedReason ?? undefined}
            aria-describedby={cutOff === 'token-limit' ? stopNoteId : undefined}
            onClick={() => actions.continueReply(message.id)}
          >
            Continue<span className="visually-hidden"> this reply</span>
          </button>
        )}
        <div className="message-actions">
          {actions && (
            <BranchSwitcher siblingIds={message.siblingIds} currentId={message.id} what={what} disabled={busy} onSwitch={actions.switchBranch} />
          )}
          {!streaming && message.content.length > 0 && <CopyButton text={message.content} what={what} />}
          {actions && fromUser && (
            <button type="button" className="button button-small button-quiet" disabled={busy} onClick={onEdit}>
              Edit<span className="visually-hidden"> your message</span>
            </button>
          )}
          {actions && !fromUser && !streaming && (
            <button
              type="button"
              className="button button-small button-quiet"
              disabled={busy || actions.replyBlockedReason !== null}
              title={actions.replyBlockedReason ?? undefined}
              onClick={() => actions.regenerate(message.id)}
            >
              Regenerate<span className="visually-hidden"> this reply</span>
            </button>
          )}
          {!fromUser && !streaming && (
            <DisclosureButton
              className="button button-small button-quiet"
              expanded={detailsOpen}
              controls={detailsId}
              onToggle={() => setDetailsOpen(!detailsOpen)}
            >
              Details
            </DisclosureButton>
          )}
        </div>
      </div>
      {!fromUser && !streaming && <MessageDetails id={detailsId} message={message} hidden={!detailsOpen} />}
    </footer>
  );
}
