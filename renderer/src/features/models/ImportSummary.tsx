import { baseModelNote, isBaseModel } from '@shared/models.js';
import type { ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { describeError } from '../../lib/api.js';
import type { Imports } from './useImports.js';
import './import.css';

interface ImportSummaryProps {
  imports: Imports;
  models: ModelInfo[];
}

/** What the last import did, file by file: added, already there (as which model), or why not. */
export function ImportSummary({ imports, models }: ImportSummaryProps) {
  const { result, error } = imports;
  if (error) return <InlineAlert error={error} prefix="Could not import" onDismiss={imports.dismiss} />;
  if (!result) return null;
  const nameOf = (modelId: string) => models.find((model) => model.id === modelId)?.name ?? 'another model';
  const nothing = result.imported.length + result.duplicates.length + result.failed.length === 0;
  return (
    <section className="import-summary" aria-label="Import result">
      <div className="import-summary-body" role="status">
        {result.imported.length > 0 && (
          <p>
            Imported {result.imported.length === 1 ? 'one model' : `${result.imported.length} models`}:{' '}
            {result.imported.map((model) => model.name).join(', ')}.
          </p>
        )}
        {result.imported.filter(isBaseModel).map((model) => (
          <p key={model.id}>
            {model.name} is a base model: {baseModelNote}.
          </p>
        ))}
        {result.duplicates.map((duplicate) => (
          <p key={duplicate.fileName}>
            {duplicate.fileName} is already in your library as {nameOf(duplicate.existingModelId)}; nothing was copied.
          </p>
        ))}
        {result.cancelled && <p>Import cancelled. Files not yet finished were not added, and no partial copy was kept.</p>}
        {nothing && !result.cancelled && <p>No .gguf files were found there.</p>}
      </div>
      {result.failed.length > 0 && (
        <div className="import-failures" role="alert">
          <ul>
            {result.failed.map((failure) => (
              <li key={failure.fileName}>
                <strong>{failure.fileName}</strong> could not be imported. {describeError(failure.error)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="icon-button" aria-label="Dismiss the import result" onClick={imports.dismiss}>
        <span aria-hidden="true">×</span>
      </button>
    </section>
  );
}
