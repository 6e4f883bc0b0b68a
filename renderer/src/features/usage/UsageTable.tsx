import type { UsageRow } from '@shared/remote.js';
import { TableHead } from '../../components/TableHead.js';
import { formatTokenCount } from '../../lib/format.js';
import { formatCost, formatDay } from './moneyAndDays.js';
import { providerLabel } from './usageFormat.js';

/** The report row by row, newest day first: the chart's numbers, readable and exact. */
export function UsageTable({ rows, comparisonModel }: { rows: UsageRow[]; comparisonModel: string | null }) {
  const newestFirst = [...rows].sort((a, b) => b.day.localeCompare(a.day) || providerLabel(a).localeCompare(providerLabel(b)));
  return (
    <div className="table-scroll">
      <table className="data-table" aria-label="Usage per day and model">
        <TableHead
          columns={[
            'Day',
            'Provider',
            'Model',
            { label: 'Replies', numeric: true },
            { label: 'Tokens in', numeric: true },
            { label: 'Tokens out', numeric: true },
            { label: 'Cost', numeric: true },
          ]}
        />
        <tbody>
          {newestFirst.map((row) => (
            <tr key={`${row.day}|${row.provider}|${row.endpointName ?? ''}|${row.model}`} data-provider={row.provider}>
              <th scope="row">{formatDay(row.day)}</th>
              <td>{providerLabel(row)}</td>
              <td>{row.model}</td>
              <td className="numeric">{formatTokenCount(row.messages)}</td>
              <td className="numeric">{formatTokenCount(row.tokensIn)}</td>
              <td className="numeric">{formatTokenCount(row.tokensOut)}</td>
              <td className="numeric">
                <RowCost row={row} comparisonModel={comparisonModel} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowCost({ row, comparisonModel }: { row: UsageRow; comparisonModel: string | null }) {
  if (row.cost === null) return <span className="muted">{row.provider === 'remote' ? 'No price' : '—'}</span>;
  if (row.provider === 'remote') return <>{formatCost(row.cost)}</>;
  return (
    <span className="muted" title={`What these tokens would have cost on ${comparisonModel ?? 'the comparison model'}`}>
      {formatCost(row.cost)}
      <span className="visually-hidden"> at {comparisonModel} prices</span>
    </span>
  );
}
