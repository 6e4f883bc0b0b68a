import type { ChatMessage } from '../../../../electron/shared/domain.js';
import { CopyButton } from '../../components/CopyButton.js';
import { BranchSwitcher } from './BranchSwitcher.js';
import { MessageDetails } from './MessageDetails.js';
import type { MessageActions } from './messageActions.js';
import { contextUsage, describeContextUsage } from './messageFacts.js';
import './message-tools.css';

interface MessageFooterProps {
  message: ChatMessage;
  actions: MessageActions | null;
  onEdit(): void;
}

/**
 * A reply that ended before it was finished (stopped, or the app closed mid-reply) and has text to
 * go on from. Core can also continue a reply that reached its token limit, but a message does not
 * say yet whether that is how it ended.
 */
function isCutOff(message: ChatMessage): boolean {
  return message.role === 'assistant' && message.status === 'interrupted' && message.content.trim().length > 0;
}

/**
 * The line under a message: its versions ("‹ 2 / 3 ›"), Copy, Edit (yours) or Regenerate (a reply),
 * and for a reply the context it used and its details.
 */
export function MessageFooter({ message, actions, onEdit }: MessageFooterProps) {
  const fromUser = message.role === 'user';
  const streaming = message.status === 'streaming';
  const busy = actions?.busy ?? true;
  const usage = fromUser ? null : contextUsage(message);
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
        {actions && !fromUser && isCutOff(message) && (
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={busy || actions.continueBlockedReason !== null}
            title={actions.continueBlockedReason ?? undefined}
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
