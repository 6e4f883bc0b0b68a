import type { ChatMessage } from '@shared/domain.js';
import { formatDateTime } from '../../lib/format.js';
import { replyFacts } from './messageFacts.js';
import { ReplyPromptView } from './ReplyPromptView.js';

interface MessageDetailsProps {
  /** For the Details button's aria-controls. */
  id: string;
  message: ChatMessage;
  hidden: boolean;
}

/**
 * A reply's details, opened from its Details button: model, preset, tokens, speed, context used, when;
 * and the exact prompt it was given, read only once the details open.
 */
export function MessageDetails({ id, message, hidden }: MessageDetailsProps) {
  const facts = [...replyFacts(message), { label: 'Written', value: formatDateTime(message.createdAt) }];
  return (
    <div id={id} className="message-details" hidden={hidden}>
      <dl className="message-facts">
        {facts.map((fact) => (
          <div key={fact.label} className="message-fact">
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
      <ReplyPromptView messageId={message.id} open={!hidden} />
    </div>
  );
}
