import type { RemoteRequestRecord } from '@shared/remote.js';
import { TableHead } from '../../components/TableHead.js';
import { formatDateTime, formatTokenCount } from '../../lib/format.js';
import { describeDlpSummary } from './usageFormat.js';

const outcomeWords: Record<RemoteRequestRecord['outcome'], string> = {
  sending: 'Sending…',
  complete: 'Complete',
  interrupted: 'Interrupted',
  error: 'Failed',
  blocked: 'Blocked before sending',
};

/** Every request to a remote endpoint, newest first, kept on this machine: counts only, never the text. */
export function RequestRecord({ requests }: { requests: RemoteRequestRecord[] }) {
  if (requests.length === 0) return <p className="muted">No request has gone to a remote endpoint in this period.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Remote requests">
        <TableHead
          columns={['Time', 'Endpoint', 'Model', { label: 'Tokens in', numeric: true }, { label: 'Tokens out', numeric: true }, 'Data-loss findings', 'Outcome']}
        />
        <tbody>
          {requests.map((request) => (
            <tr key={request.id} data-outcome={request.outcome}>
              <th scope="row" className="request-time">
                {formatDateTime(request.createdAt)}
              </th>
              <td>
                {request.endpointName}
                <span className="muted request-url">{request.baseUrl}</span>
              </td>
              <td>{request.model}</td>
              <td className="numeric">{tokenCell(request.tokensIn, request.usageReported)}</td>
              <td className="numeric">{tokenCell(request.tokensOut, request.usageReported)}</td>
              <td>{describeDlpSummary(request.dlp)}</td>
              <td>
                {outcomeWords[request.outcome]}
                {request.errorCode && request.outcome !== 'blocked' && <span className="muted"> ({request.errorCode})</span>}
                {request.durationMs !== null && <span className="muted"> · {(request.durationMs / 1000).toFixed(1)} s</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Tokens the endpoint reported, or Enclave's estimate (marked ≈) when it reported none. */
function tokenCell(tokens: number | null, reported: boolean): string {
  if (tokens === null) return '—';
  return `${reported ? '' : '≈ '}${formatTokenCount(tokens)}`;
}
