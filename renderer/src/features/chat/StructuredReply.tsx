import { CopyButton } from '../../components/CopyButton.js';
import { cellText, isNested, type JsonTable, prettyJson, tableOf } from './jsonTable.js';

/** Nested values beyond this depth are shown as compact JSON in their cell rather than as tables in tables. */
const maxTableDepth = 3;

/** A structured (JSON) reply: its value as a table, and "Copy JSON" for the exact JSON. */
export function StructuredReply({ value }: { value: Record<string, unknown> | unknown[] }) {
  return (
    <div className="structured-reply">
      <div className="structured-reply-bar">
        <span className="badge badge-accent">JSON</span>
        <CopyButton text={prettyJson(value)} what="JSON" />
      </div>
      <div className="structured-reply-table">
        <JsonValue value={value} depth={0} caption="Structured reply" />
      </div>
    </div>
  );
}

function JsonValue({ value, depth, caption }: { value: unknown; depth: number; caption?: string }) {
  if (!isNested(value) || depth >= maxTableDepth) return <span className="json-cell">{cellText(value)}</span>;
  const table: JsonTable = tableOf(value);
  switch (table.kind) {
    case 'record':
      return (
        <table className="json-table">
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <tbody>
            {table.rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.key}</th>
                <td>
                  <JsonValue value={row.value} depth={depth + 1} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'rows':
      return (
        <table className="json-table">
          {caption && <caption className="visually-hidden">{caption}</caption>}
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th key={column} scope="col">
                  {column}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((cells, rowIndex) => (
              <tr key={rowIndex}>
                {cells.map((cell, cellIndex) => (
                  <td key={table.columns[cellIndex]}>
                    <JsonValue value={cell} depth={depth + 1} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      );
    case 'list':
      return (
        <ol className="json-list">
          {table.items.map((item, index) => (
            <li key={index}>
              <JsonValue value={item} depth={depth + 1} />
            </li>
          ))}
        </ol>
      );
    case 'value':
      return <span className="json-cell">{cellText(table.value)}</span>;
  }
}
