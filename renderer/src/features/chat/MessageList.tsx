import { useLayoutEffect, useRef } from 'react';
import type { ChatMessage } from '../../../../electron/shared/domain.js';
import type { Citations } from './MarkdownText.js';
import { MessageView } from './MessageView.js';

/** How close to the bottom counts as "reading the latest", in pixels. */
const followThreshold = 48;

/** The conversation, following a streaming reply unless the user has scrolled up to read. */
export function MessageList({ messages, onOpenSource }: { messages: ChatMessage[]; onOpenSource: Citations['onOpen'] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [messages]);

  return (
    <div
      ref={scroller}
      className="message-list"
      role="log"
      aria-label="Messages"
      tabIndex={0}
      onScroll={(event) => {
        const element = event.currentTarget;
        following.current = element.scrollHeight - element.scrollTop - element.clientHeight < followThreshold;
      }}
    >
      <div className="message-list-inner">
        {messages.map((message) => (
          <MessageView key={message.id} message={message} onOpenSource={onOpenSource} />
        ))}
      </div>
    </div>
  );
}
