import { InlineAlert } from '../../components/InlineAlert.js';
import { DocumentImportProgress } from './DocumentImportProgress.js';
import { DocumentImportSummary } from './DocumentImportSummary.js';
import type { FinishedImport, ImportRun } from './importRuns.js';
import type { DocumentImports } from './useDocumentImports.js';

interface DocumentImportNoticesProps {
  imports: DocumentImports;
  /** Which imports belong here: those into one collection, or those dropped into one chat. */
  belongs: (run: ImportRun | FinishedImport) => boolean;
  /** The collection or chat id imports here were started for, for a call that failed outright. */
  targetId: string;
}

/** Imports into one place: running ones with progress and Cancel, then what each finished one did. */
export function DocumentImportNotices({ imports, belongs, targetId }: DocumentImportNoticesProps) {
  const failure = imports.failures[targetId];
  return (
    <>
      <DocumentImportProgress runs={imports.running.filter(belongs)} onCancel={(jobId) => void imports.cancel(jobId)} />
      {imports.finished.filter(belongs).map((run) => (
        <DocumentImportSummary key={run.jobId} run={run} onDismiss={() => imports.dismiss(run.jobId)} />
      ))}
      {failure && <InlineAlert error={failure} prefix="Could not import" onDismiss={() => imports.dismissFailure(targetId)} />}
    </>
  );
}
