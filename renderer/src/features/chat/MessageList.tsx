import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, type RefObject, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { dialogOpen } from '../../lib/shortcuts.js';
import type { ChatMessage } from '@shared/domain.js';
import type { ReplyState } from '@shared/replies.js';
import type { Citations } from './MarkdownText.js';
import { MessageView } from './MessageView.js';

/** Scroll to a message and mark it for a moment (a search hit); a new `nonce` asks again for the same one. */
export interface MessageFocusRequest {
  messageId: string;
  nonce: number;
}

interface MessageListProps {
  messages: ChatMessage[];
  /** Replies this window is writing, by message id, in the state their streams last told. */
  replies: Readonly<Record<string, ReplyState>>;
  onOpenSource: Citations['onOpen'];
  focusRequest?: MessageFocusRequest | null;
}

/** How close to the bottom counts as "reading the latest", in pixels. */
const followThreshold = 48;
/** A first guess at a row's height before it is measured: a reply is usually taller than a question. */
const estimatedHeight = (message: ChatMessage | undefined) => (message?.role === 'user' ? 90 : 220);
/** How long a message found by search stays marked. */
const focusMarkMs = 2500;

/**
 * The conversation, virtualised: only the messages near the viewport are in the DOM (each measured
 * as it renders), so a chat of ten thousand messages opens and scrolls like a short one. It opens at
 * the newest message and follows a streaming reply unless the user has scrolled up to read.
 */
export function MessageList({ messages, replies, onOpenSource, focusRequest }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [marked, setMarked] = useState<string | null>(null);
  // The virtualizer keeps its own state and re-renders this component itself; React Compiler leaves it alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: messages.length,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => estimatedHeight(messages[index]),
    getItemKey: (index) => messages[index]?.id ?? index,
    overscan: 4,
    // Rendered first at the end: the newest messages are what a chat opens on.
    initialOffset: () => messages.reduce((total, message) => total + estimatedHeight(message), 0),
    anchorTo: 'end',
    followOnAppend: true,
    scrollEndThreshold: followThreshold,
    paddingStart: 32,
    paddingEnd: 32,
    gap: 24,
  });

  useLayoutEffect(() => {
    virtualizer.scrollToEnd();
    // Only on opening: afterwards the virtualizer follows new messages itself while at the end.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    if (!focusRequest) return;
    const index = messages.findIndex((message) => message.id === focusRequest.messageId);
    if (index === -1) return;
    virtualizer.scrollToIndex(index, { align: 'center' });
    setMarked(focusRequest.messageId);
    const timer = setTimeout(() => setMarked(null), focusMarkMs);
    const stopFocusing = focusWhenShown(scroller, focusRequest.messageId);
    return () => {
      clearTimeout(timer);
      stopFocusing();
    };
    // The request is what matters: the same hit asked for again scrolls again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scroller}
      className="message-list"
      role="feed"
      aria-label="Messages"
      aria-busy={Object.keys(replies).length > 0}
      tabIndex={0}
      onKeyDown={(event) => {
        // Home and End go to the first and newest message exactly: the browser's own (smooth) scroll
        // would chase a height that changes as rows are measured on the way.
        if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
        if (event.key === 'Home') virtualizer.scrollToIndex(0, { align: 'start' });
        else if (event.key === 'End') virtualizer.scrollToEnd();
        else return;
        event.preventDefault();
      }}
    >
      <div className="message-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          // The virtualizer counts `messages`, so every index it hands out is in range.
          const message = messages[item.index];
          if (!message) return null;
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="message-row"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <MessageRow
                message={message}
                question={questionBefore(messages, item.index)}
                liveState={replies[message.id]}
                onOpenSource={onOpenSource}
                position={item.index + 1}
                total={messages.length}
                marked={marked === message.id}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** How long a message found by search is waited for to take the focus (its row renders once scrolled to). */
const focusWaitFrames = 120;

/**
 * Moves the keyboard focus to a message once its row is in the DOM and no dialog holds the focus
 * (the search dialog it came from closes in the same moment), so the keyboard is where the eye is.
 * Returns a function that stops waiting.
 */
function focusWhenShown(scroller: RefObject<HTMLElement | null>, messageId: string): () => void {
  let frame = 0;
  let framesLeft = focusWaitFrames;
  const attempt = () => {
    const article = scroller.current?.querySelector<HTMLElement>(`article[data-message-id="${CSS.escape(messageId)}"]`);
    if (article && !dialogOpen()) {
      // Scrolled there already (and still settling as rows are measured): focusing must not scroll again.
      article.focus({ preventScroll: true });
      return;
    }
    if (--framesLeft > 0) frame = requestAnimationFrame(attempt);
  };
  frame = requestAnimationFrame(attempt);
  return () => cancelAnimationFrame(frame);
}

/** The user's message a reply answers (the one before it), for its sources to quote what matched. */
function questionBefore(messages: readonly ChatMessage[], index: number): string | undefined {
  const previous = messages[index - 1];
  return previous?.role === 'user' ? previous.content : undefined;
}

interface MessageRowProps {
  message: ChatMessage;
  question: string | undefined;
  /** The reply's state while this window writes it (its stream's); undefined otherwise. */
  liveState: ReplyState | undefined;
  onOpenSource: Citations['onOpen'];
  position: number;
  total: number;
  marked: boolean;
}

/**
 * One row, re-rendered only when its own message changes: while a reply streams, the rows around it
 * (Markdown included) are not parsed again on every frame.
 */
const MessageRow = memo(function MessageRow({ message, question, liveState, onOpenSource, position, total, marked }: MessageRowProps) {
  return (
    <div className="message-slot">
      <MessageView message={message} question={question} liveState={liveState} onOpenSource={onOpenSource} position={{ index: position, total }} marked={marked} />
    </div>
  );
});
