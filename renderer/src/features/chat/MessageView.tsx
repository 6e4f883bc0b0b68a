import { useMemo } from 'react';
import type { ChatMessage } from '../../../../electron/shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { describeError } from '../../lib/api.js';
import { type Citations, MarkdownText } from './MarkdownText.js';
import { SourceList } from './SourceList.js';

interface MessageViewProps {
  message: ChatMessage;
  /** Opens a source of a grounded reply (from a citation marker or the sources list). */
  onOpenSource: Citations['onOpen'];
}

/**
 * One message. A reply shows how it ended: still writing, interrupted (with why), or failed (with
 * why); a reply from documents lists the passages it was given, and its citation markers open them.
 */
export function MessageView({ message, onOpenSource }: MessageViewProps) {
  const citations = useMemo(() => ({ sources: message.sources, onOpen: onOpenSource }), [message.sources, onOpenSource]);
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
        message.content.length > 0 && <MarkdownText text={message.content} citations={citations} />
      )}
      {streaming && message.content.length === 0 && <p className="message-waiting">Thinking…</p>}
      {streaming && message.content.length > 0 && <span className="message-caret" aria-hidden="true" />}
      {!fromUser && message.sources.length > 0 && (
        <SourceList sources={message.sources} settled={!streaming} onOpen={onOpenSource} />
      )}
      {message.status === 'interrupted' && (
        <p className="message-note">
          {message.error ? describeError(message.error) : 'Stopped before the reply was finished. The text so far is kept.'}
        </p>
      )}
      {message.status === 'error' && message.error && <InlineAlert error={message.error} prefix="No reply" />}
    </article>
  );
}
