import { useMemo, useState } from 'react';
import type { ChatMessage } from '@shared/domain.js';
import { type ReplyState, replyStateOf } from '@shared/replies.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { MessageProvenance } from '../remote/MessageProvenance.js';
import { describeError } from '../../lib/api.js';
import { formatPercent } from '../../lib/format.js';
import { type Citations, MarkdownText } from './MarkdownText.js';
import { SourceList } from './SourceList.js';
import { parseStructuredReply } from './jsonTable.js';
import { useMessageActions } from './messageActions.js';
import { droppedTurnsNotice } from './messageFacts.js';
import { MessageEditor } from './MessageEditor.js';
import { MessageFooter } from './MessageFooter.js';
import { StructuredReply } from './StructuredReply.js';
import { ThoughtView } from './ThoughtView.js';

interface MessageViewProps {
  message: ChatMessage;
  /** The question a grounded reply answers: its sources quote the sentence that matches it best. */
  question?: string | undefined;
  /** The reply's state while this window writes it (its stream's); else it shows as stored. */
  liveState?: ReplyState | undefined;
  /** Opens a source of a grounded reply (from a citation marker or the sources list). */
  onOpenSource: Citations['onOpen'];
  /** Where the message is in the whole conversation (1-based), for a list that renders only some of them. */
  position?: { index: number; total: number };
  /** Marked for a moment: the message a search hit led to. */
  marked?: boolean;
}

/**
 * One message. A reply shows where it is in its life (waiting, loading the model, writing) and how
 * it ended (stopped, interrupted with why, failed with why), never guessed from timing; a reply from
 * documents lists the passages it was given, and its citation markers open them.
 */
export function MessageView({ message, question, liveState, onOpenSource, position, marked = false }: MessageViewProps) {
  const citations = useMemo(() => ({ sources: message.sources, onOpen: onOpenSource }), [message.sources, onOpenSource]);
  const fromUser = message.role === 'user';
  const author = fromUser ? 'You' : (message.modelName ?? 'Assistant');
  const state = liveState ?? replyStateOf(message);
  const streaming = state.phase !== 'ended';
  const ending = state.phase === 'ended' ? state.ending : null;
  const actions = useMessageActions();
  const [editing, setEditing] = useState(false);
  // A finished structured-output reply is shown as a table (its JSON as text if it is cut off).
  const structured = useMemo(
    () => (message.structured && !streaming ? parseStructuredReply(message.content) : undefined),
    [message.structured, streaming, message.content],
  );
  const dropped = fromUser ? null : droppedTurnsNotice(message.droppedTurns);
  const content =
    fromUser && editing && actions ? (
      <MessageEditor
        initialText={message.content}
        disabledReason={actions.replyBlockedReason}
        onSend={async (content) => {
          const sent = await actions.edit(message.id, content);
          if (sent) setEditing(false);
          return sent;
        }}
        onCancel={() => setEditing(false)}
      />
    ) : fromUser ? (
      <p className="message-plain">{message.content}</p>
    ) : structured ? (
      <StructuredReply value={structured} />
    ) : (
      message.content.length > 0 && <MarkdownText text={message.content} citations={citations} streaming={streaming} />
    );
  return (
    <article
      className={`message ${fromUser ? 'message-user' : 'message-assistant'}`}
      aria-label={fromUser ? 'Your message' : `Reply from ${author}`}
      aria-busy={streaming || undefined}
      // Focusable as a feed's articles are: a search hit moves the keyboard here.
      tabIndex={-1}
      data-message-id={message.id}
      data-status={message.status}
      data-reply-state={fromUser ? undefined : (ending ?? state.phase)}
      data-marked={marked || undefined}
      aria-posinset={position?.index}
      aria-setsize={position?.total}
    >
      {/* The message itself (a bubble for yours): what a search hit's mark and the focus ring go round. */}
      <div className="message-bubble">
        <header className="message-author">
          {author}
          {ending === 'stopped' && <span className="badge badge-warning">Stopped</span>}
          {ending === 'interrupted' && <span className="badge badge-warning">Interrupted</span>}
        </header>
        {dropped && <p className="message-context-notice">{dropped}</p>}
        {!fromUser && message.thought && <ThoughtView thought={message.thought} thinking={streaming && message.content.length === 0} />}
        {content}
        {streaming && message.content.length === 0 && !message.thought && <p className="message-waiting">{waitingWords(state)}</p>}
      </div>
      {!fromUser && message.sources.length > 0 && (
        <SourceList sources={message.sources} question={question} settled={!streaming} onOpen={onOpenSource} />
      )}
      {(ending === 'stopped' || ending === 'interrupted') && <p className="message-note">{endingNote(message, ending)}</p>}
      {ending === 'error' && message.error && <InlineAlert error={message.error} prefix="No reply" />}
      <MessageProvenance message={message} />
      {!editing && <MessageFooter message={message} actions={actions} onEdit={() => setEditing(true)} />}
    </article>
  );
}

/** What a reply without text yet is waiting for. */
function waitingWords(state: ReplyState): string {
  if (state.phase === 'queued') return 'Waiting for the model…';
  if (state.phase === 'loading') return `Loading the model… ${formatPercent(state.progress)}`;
  return 'Thinking…';
}

/** Why a reply ended early, in words that claim no text it does not have. */
function endingNote(message: ChatMessage, ending: 'stopped' | 'interrupted'): string {
  const hasText = message.content.trim().length > 0;
  if (!hasText && message.thought) return `${ending === 'stopped' ? 'Stopped' : 'Cut short'} while the model was thinking. Its thoughts so far are kept.`;
  if (ending === 'stopped') return hasText ? 'Stopped before the reply was finished. The text so far is kept.' : 'Stopped before the model wrote anything.';
  if (message.error) return describeError(message.error);
  return hasText ? 'Cut short before the reply was finished. The text so far is kept.' : 'Cut short before the model wrote anything.';
}
