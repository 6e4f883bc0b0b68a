import type { MessageSearchHit } from '@shared/history.js';
import { formatDate } from '../../lib/format.js';

/** One hit: the chat's title, who wrote the message and when, and the snippet with the matches marked. */
export function SearchHitItem({ hit, onOpen }: { hit: MessageSearchHit; onOpen: (hit: MessageSearchHit) => void }) {
  const author = hit.role === 'user' ? 'You' : (hit.modelName ?? 'Assistant');
  return (
    <li>
      <button type="button" className="list-button search-hit" onClick={() => onOpen(hit)}>
        <span className="search-hit-head">
          <span className="search-hit-chat">{hit.chatTitle}</span>
          <span className="search-hit-meta">
            {author} · {formatDate(hit.createdAt)}
          </span>
        </span>
        <span className="search-hit-snippet">
          {/* Segments are plain text: a message holding markup shows it as text, never as HTML. */}
          {hit.snippet.map((segment, index) => (segment.match ? <mark key={index}>{segment.text}</mark> : <span key={index}>{segment.text}</span>))}
        </span>
      </button>
    </li>
  );
}
