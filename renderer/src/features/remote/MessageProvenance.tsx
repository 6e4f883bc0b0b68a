import type { ChatMessage } from '@shared/domain.js';
import { formatCount } from '../../lib/format.js';
import { detectorNames } from './remoteTarget.js';
import './remote.css';

/**
 * Under a reply: where it came from ("via Loopback · gpt-4o"), why a reply asked of a remote model
 * came from a local one, and, when data was replaced before the request left, exactly what: each
 * placeholder the endpoint saw, with the original it stands for. The originals appear only here.
 * A remote reply's route reason ("Sent to Loopback (gpt-4o). 1 value was replaced…") says what the
 * line and the redaction summary say, so it is the line's tooltip rather than a third line.
 */
export function MessageProvenance({ message }: { message: ChatMessage }) {
  if (message.role !== 'assistant') return null;
  const remote = message.provider === 'remote';
  if (!remote && !message.routeReason && message.redactions.length === 0) return null;
  return (
    <div className="provenance">
      {remote && (
        <p className="provenance-line" title={message.routeReason ?? undefined}>
          via {message.endpointName ?? 'a remote endpoint'} · {message.modelName ?? 'unknown model'}
        </p>
      )}
      {!remote && message.routeReason && <p className="provenance-reason">{message.routeReason}</p>}
      {message.redactions.length > 0 && (
        <details className="redactions">
          <summary>
            {formatCount(message.redactions.length, 'value was', 'values were')} redacted before sending
          </summary>
          <table className="redaction-table">
            <caption className="visually-hidden">What the endpoint saw in place of each value</caption>
            <thead>
              <tr>
                <th scope="col">Sent as</th>
                <th scope="col">Original (shown only here)</th>
                <th scope="col">Kind</th>
              </tr>
            </thead>
            <tbody>
              {message.redactions.map((redaction) => (
                <tr key={redaction.placeholder}>
                  <td>
                    <code>{redaction.placeholder}</code>
                  </td>
                  <td>{redaction.original}</td>
                  <td>{detectorNames[redaction.detector]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </div>
  );
}
