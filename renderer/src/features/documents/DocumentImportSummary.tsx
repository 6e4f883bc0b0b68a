import type { DocumentImportOutcome } from '@shared/documents.js';
import { describeError } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { type FinishedImport, fileNameOf } from './importRuns.js';
import '../models/import.css';

type Outcome<S extends DocumentImportOutcome['status']> = DocumentImportOutcome & { status: S };

/**
 * What one finished import did, file by file: indexed (with what is worth knowing about a file indexed
 * all the same: unreadable pages, a copy restriction), already there, not added (cancelled), or why not.
 */
export function DocumentImportSummary({ run, onDismiss }: { run: FinishedImport; onDismiss: () => void }) {
  const of = <S extends DocumentImportOutcome['status']>(status: S) =>
    run.outcomes.filter((outcome): outcome is Outcome<S> => outcome.status === status);
  const indexed = of('indexed');
  const duplicates = of('duplicate');
  const failed = of('failed');
  const cancelled = of('cancelled');
  const noted = indexed.filter((outcome) => (outcome.notices ?? []).length > 0);
  return (
    <section className="import-summary" aria-label="Import result">
      <div className="import-summary-body" role="status">
        {indexed.length > 0 && (
          <p>
            Indexed {indexed.length === 1 ? 'one file' : `${indexed.length} files`}:{' '}
            {indexed.map((outcome) => `${fileNameOf(outcome.filePath)} (${formatCount(outcome.chunkCount, 'passage')})`).join(', ')}.
          </p>
        )}
        {noted.length > 0 && (
          <ul className="import-notices" aria-label="Notes on the files indexed">
            {noted.flatMap((outcome) =>
              (outcome.notices ?? []).map((notice) => (
                <li key={`${outcome.filePath}\n${notice}`}>
                  <strong>{fileNameOf(outcome.filePath)}</strong>: {notice}
                </li>
              )),
            )}
          </ul>
        )}
        {duplicates.map((outcome) => (
          <p key={outcome.filePath}>{fileNameOf(outcome.filePath)} is already in this collection (same content), so it was not added again.</p>
        ))}
        {cancelled.length > 0 && (
          <p>
            Import cancelled: {cancelled.map((outcome) => fileNameOf(outcome.filePath)).join(', ')}{' '}
            {cancelled.length === 1 ? 'was' : 'were'} not added, and nothing half-indexed was kept.
          </p>
        )}
        {run.outcomes.length === 0 && <p>No documents were found there. Enclave reads PDF, DOCX, TXT, Markdown, HTML and CSV files.</p>}
      </div>
      {failed.length > 0 && (
        <div className="import-failures" role="alert">
          <ul>
            {failed.map((outcome) => (
              <li key={outcome.filePath}>
                <strong>{fileNameOf(outcome.filePath)}</strong> could not be indexed. {describeError(outcome.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss the import result" onClick={onDismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </section>
  );
}
