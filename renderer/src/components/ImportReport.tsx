import './components.css';

/** One entry of an imported file that was refused: its position, its name when readable, and why. */
export interface RefusedEntry {
  index: number;
  name: string | null;
  reason: string;
}

interface ImportReportProps {
  fileName: string;
  /** One sentence on what the file brought, without the final full stop. */
  summary: string;
  /** What a refused entry is called in the list, e.g. "Chat" or "Entry". */
  entryLabel: string;
  refused: RefusedEntry[];
  onDismiss: () => void;
}

/** What an imported file brought, and each entry that was refused with why, until dismissed. */
export function ImportReport({ fileName, summary, entryLabel, refused, onDismiss }: ImportReportProps) {
  return (
    <section className="import-report" aria-label="Import result" role="status">
      <p>
        <strong>{fileName}:</strong> {summary}.
      </p>
      {refused.length > 0 && (
        <ul className="import-report-problems">
          {refused.map((entry) => (
            <li key={entry.index}>
              {entryLabel} {entry.index + 1}
              {entry.name ? ` “${entry.name}”` : ''} was not imported: {entry.reason}
            </li>
          ))}
        </ul>
      )}
      <button type="button" className="button button-small" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
