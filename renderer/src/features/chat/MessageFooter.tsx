import { useId } from 'react';
import type { ChatMessage } from '@shared/domain.js';
import { CopyButton } from '../../components/CopyButton.js';
import { BranchSwitcher } from './BranchSwitcher.js';
import { MessageDetails } from './MessageDetails.js';
import type { MessageActions } from './messageActions.js';
import { contextUsage, cutOffReason, describeContextUsage } from './messageFacts.js';
import './message-tools.css';

interface MessageFooterProps {
  message: ChatMessage;
  actions: MessageActions | null;
  onEdit: () => void;
}

/**
 * The line under a message: its versions ("‹ 2 / 3 ›"), Copy, Edit (yours) or Regenerate (a reply),
 * Continue for a reply that was cut off (stopped, or at its token limit, which the line says), and
 * for a reply the context it used and its details.
 */
export function MessageFooter({ message, actions, onEdit }: MessageFooterProps) {
  const fromUser = message.role === 'user';
  const streaming = message.status === 'streaming';
  const busy = actions?.busy ?? true;
  const usage = fromUser ? null : contextUsage(message);
  const cutOff = streaming ? null : cutOffReason(message);
  const stopNoteId = useId();
  return (
    <footer className="message-footer">
      <div className="message-actions">
        {actions && (
          <BranchSwitcher
            siblingIds={message.siblingIds}
            currentId={message.id}
            what={fromUser ? 'your message' : 'this reply'}
            disabled={busy}
            onSwitch={actions.switchBranch}
          />
        )}
        {!streaming && message.content.length > 0 && (
          <CopyButton text={message.content} what={fromUser ? 'your message' : 'this reply'} />
        )}
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
        {cutOff === 'token-limit' && (
          <span id={stopNoteId} className="message-stop-note">
            Stopped at the token limit
          </span>
        )}
        {actions && cutOff && (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={busy || actions.continueBlockedReason !== null}
            title={actions.continueBlockedReason ?? undefined}
            aria-describedby={cutOff === 'token-limit' ? stopNoteId : undefined}
            onClick={() => actions.continueReply(message.id)}
          >
            Continue<span className="visually-hidden"> this reply</span>
          </button>
        )}
        {usage && !streaming && <span className="message-context muted">{describeContextUsage(usage)}</span>}
      </div>
      {!fromUser && !streaming && <MessageDetails message={message} />}
    </footer>
  );
}
