/** A column of a table's head: a label, or a label with `numeric` for columns of figures, aligned like their cells. */
export type TableColumn = string | { label: string; numeric: true };

/**
 * A table's head row: the named columns and, with `actions`, an Actions column for row buttons, named
 * for screen readers only.
 */
export function TableHead({ columns, actions = false }: { columns: TableColumn[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.label} scope="col" className="numeric">
              {column.label}
            </th>
          ),
        )}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
