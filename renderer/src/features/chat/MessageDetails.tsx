import type { ChatMessage } from '@shared/domain.js';
import { formatDateTime } from '../../lib/format.js';
import { replyFacts } from './messageFacts.js';

/** A reply's details behind a disclosure: model, preset, tokens, speed, context used, when. */
export function MessageDetails({ message }: { message: ChatMessage }) {
  const facts = [...replyFacts(message), { label: 'Written', value: formatDateTime(message.createdAt) }];
  return (
    <details className="message-details">
      <summary>Details</summary>
      <dl className="message-facts">
        {facts.map((fact) => (
          <div key={fact.label} className="message-fact">
            <dt>{fact.label}</dt>
            <dd>{fact.value}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
