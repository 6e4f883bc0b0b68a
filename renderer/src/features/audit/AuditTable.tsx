import type { AuditDetails, AuditEntry } from '@shared/audit.js';
import { TableHead } from '../../components/TableHead.js';
import { formatDateTimeSeconds } from '../../lib/format.js';
import { describeEventType } from './auditLabels.js';
import { detailValue } from './auditText.js';

/**
 * The entries, read-only, oldest first: the order the trail was written in and the one an auditor
 * reads it in. Numbers run up the page like the hash chain does, "entry 57 does not hold" is found
 * where the entries before it are, and the CLI's list and every export run the same way.
 */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table audit-table" aria-label="Audit entries">
        <TableHead columns={[{ label: 'No.', numeric: true }, 'Time', 'Event', 'Actor', 'Details']} />
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.seq} data-seq={entry.seq} data-type={entry.type}>
              <td className="numeric">{entry.seq}</td>
              <td className="audit-time">{formatDateTimeSeconds(entry.at)}</td>
              <th scope="row" className="audit-event">
                {describeEventType(entry.type)}
                <code className="audit-type">{entry.type}</code>
              </th>
              <td>{entry.actor}</td>
              <td>
                <Details details={entry.details} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "key: value" per detail, as stored: identifiers, hashes, counts and flags only. */
function Details({ details }: { details: AuditDetails }) {
  const items = Object.entries(details);
  if (items.length === 0) return <span className="muted">—</span>;
  return (
    <dl className="audit-details">
      {items.map(([name, value]) => (
        <div key={name}>
          <dt>{name}:</dt> <dd>{detailValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
