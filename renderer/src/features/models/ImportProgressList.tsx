import { formatByteRate, formatBytes, formatPercent } from '../../lib/format.js';
import type { FileProgress, Imports } from './useImports.js';
import './import.css';

const phaseLabels: Record<FileProgress['phase'], string> = { hashing: 'Checking', copying: 'Copying' };

/** A bar per file being imported, grouped by import, each import with its Cancel button. */
export function ImportProgressList({ imports }: { imports: Imports }) {
  if (!imports.busy) return null;
  const importIds = [...new Set(imports.progress.map((row) => row.importId))];
  return (
    <section className="import-progress" aria-label="Import progress">
      {importIds.length === 0 && (
        <p role="status" className="muted">
          Waiting for the files…
        </p>
      )}
      {importIds.map((importId) => (
        <div key={importId} className="import-progress-group">
          <ul className="import-progress-files">
            {imports.progress
              .filter((row) => row.importId === importId)
              .map((row) => (
                <FileProgressRow key={row.fileName} row={row} />
              ))}
          </ul>
          <button type="button" className="button" onClick={() => void imports.cancel(importId)}>
            Cancel import
          </button>
        </div>
      ))}
    </section>
  );
}

function FileProgressRow({ row }: { row: FileProgress }) {
  const fraction = row.bytesTotal > 0 ? row.bytesDone / row.bytesTotal : 0;
  const speed = row.bytesPerSecond === null ? '' : ` · ${formatByteRate(row.bytesPerSecond)}`;
  const summary = `${phaseLabels[row.phase]} · ${formatPercent(fraction)} of ${formatBytes(row.bytesTotal)}${speed}`;
  return (
    <li className="import-progress-file">
      <div className="import-progress-line">
        <span className="import-progress-name">{row.fileName}</span>
        <span className="muted" role="status">
          {summary}
        </span>
      </div>
      <progress aria-label={`Importing ${row.fileName}`} max={1} value={Math.min(1, fraction)} />
    </li>
  );
}
