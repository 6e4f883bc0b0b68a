import type { PresetImportReport as Report } from '../../../../electron/shared/presetDefinitions.js';
import { formatCount } from '../../lib/format.js';

/** What an imported preset file brought: imported, skipped (name taken), and entries that were not valid, with why. */
export function PresetImportReport({ fileName, report, onDismiss }: { fileName: string; report: Report; onDismiss(): void }) {
  return (
    <section className="import-report" aria-label="Import result" role="status">
      <p>
        <strong>{fileName}:</strong>{' '}
        {report.imported.length > 0 ? `imported ${formatCount(report.imported.length, 'assistant')} (${report.imported.join(', ')})` : 'nothing imported'}
        {report.skipped.length > 0 && `; ${formatCount(report.skipped.length, 'name')} already here, left as they are (${report.skipped.join(', ')})`}.
      </p>
      {report.invalid.length > 0 && (
        <ul className="import-report-problems">
          {report.invalid.map((entry) => (
            <li key={entry.index}>
              Entry {entry.index + 1}
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
