import type { DocumentImportProgress as FileReport } from '@shared/documents.js';
import { formatCount } from '../../lib/format.js';
import { fileNameOf, type ImportRun } from './importRuns.js';
import '../models/import.css';

interface DocumentImportProgressProps {
  runs: ImportRun[];
  onCancel: (jobId: string) => void;
}

/** Each running import: how many files are done, the file being indexed now, and a Cancel button. */
export function DocumentImportProgress({ runs, onCancel }: DocumentImportProgressProps) {
  if (runs.length === 0) return null;
  return (
    <section className="import-progress" aria-label="Import progress">
      {runs.map((run) => (
        <div key={run.jobId} className="import-progress-group">
          <RunProgress run={run} />
          <button type="button" className="button" onClick={() => onCancel(run.jobId)}>
            Cancel import
          </button>
        </div>
      ))}
    </section>
  );
}

function RunProgress({ run }: { run: ImportRun }) {
  const current = run.files.at(-1);
  const done = current ? current.fileIndex : 0;
  // Until the first report, the count is of what was given: a folder counts as one.
  const files = !current ? 'files' : run.fileCount === 1 ? 'one file' : formatCount(run.fileCount, 'file');
  return (
    <div className="import-progress-run">
      <div className="import-progress-line">
        <span>Importing {files}</span>
        <span className="muted" role="status">
          {current ? `${done} of ${run.fileCount} done` : 'Waiting for the files…'}
        </span>
      </div>
      <progress aria-label={`Importing ${files}`} max={run.fileCount} value={done} />
      <ul className="import-progress-files">
        {run.files.map((file) => (
          <li key={file.filePath} className="import-progress-file">
            <div className="import-progress-line">
              <span className="import-progress-name">{fileNameOf(file.filePath)}</span>
              <span className="muted">{file === current ? describeStage(file) : 'Done'}</span>
            </div>
            {file === current && <progress aria-label={`Indexing ${fileNameOf(file.filePath)}`} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

function describeStage(report: FileReport): string {
  if (report.stage === 'hashing') return 'Checking';
  const page = report.page === null ? '' : `page ${report.page} · `;
  return `Indexing · ${page}${formatCount(report.chunksStored, 'passage')}`;
}
