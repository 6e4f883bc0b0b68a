import type { ChatMessage } from '@shared/domain.js';
import { formatDateTime } from '../../lib/format.js';
import { replyFacts } from './messageFacts.js';

interface MessageDetailsProps {
  /** For the Details button's aria-controls. */
  id: string;
  message: ChatMessage;
  hidden: boolean;
}

/** A reply's details, opened from its Details button: model, preset, tokens, speed, context used, when. */
export function MessageDetails({ id, message, hidden }: MessageDetailsProps) {
  const facts = [...replyFacts(message), { label: 'Written', value: formatDateTime(message.createdAt) }];
  return (
    <dl id={id} className="message-facts" hidden={hidden}>
      {facts.map((fact) => (
        <div key={fact.label} className="message-fact">
          <dt>{fact.label}</dt>
          <dd>{fact.value}</dd>
        </div>
      ))}
    </dl>
  );
}
