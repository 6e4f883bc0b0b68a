import type { ChatMessage } from '../../../../electron/shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { describeError } from '../../lib/api.js';
import { MarkdownText } from './MarkdownText.js';

/** One message. A reply shows how it ended: still writing, interrupted (with why), or failed (with why). */
export function MessageView({ message }: { message: ChatMessage }) {
  const fromUser = message.role === 'user';
  const author = fromUser ? 'You' : (message.modelName ?? 'Assistant');
  const streaming = message.status === 'streaming';
  return (
    <article
      className={`message ${fromUser ? 'message-user' : 'message-assistant'}`}
      aria-label={fromUser ? 'Your message' : `Reply from ${author}`}
      aria-busy={streaming || undefined}
      data-message-id={message.id}
      data-status={message.status}
    >
      <header className="message-author">
        {author}
        {message.status === 'interrupted' && <span className="badge badge-warning">Interrupted</span>}
      </header>
      {fromUser ? (
        <p className="message-plain">{message.content}</p>
      ) : (
        message.content.length > 0 && <MarkdownText text={message.content} />
      )}
      {streaming && message.content.length === 0 && <p className="message-waiting">Thinking…</p>}
      {streaming && message.content.length > 0 && <span className="message-caret" aria-hidden="true" />}
      {message.status === 'interrupted' && (
        <p className="message-note">
          {message.error ? describeError(message.error) : 'Stopped before the reply was finished. The text so far is kept.'}
        </p>
      )}
      {message.status === 'error' && message.error && <InlineAlert error={message.error} prefix="No reply" />}
    </article>
  );
}
