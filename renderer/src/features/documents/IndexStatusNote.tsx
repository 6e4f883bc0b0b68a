import type { ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { formatCount } from '../../lib/format.js';
import type { IndexState } from './useIndexStatus.js';

interface IndexStatusNoteProps {
  index: IndexState;
  /** The catalog, to name the embedding model. */
  models: ModelInfo[];
}

/** How documents are searched (by meaning with which model, or by keywords only), and re-indexing as it runs. */
export function IndexStatusNote({ index, models }: IndexStatusNoteProps) {
  const { status, lastReindex } = index;
  if (index.error) return <InlineAlert error={index.error} prefix="Could not read the index status" />;
  if (!status) return null;
  const nameOf = (modelId: string | null) =>
    modelId === null ? null : (models.find((model) => model.id === modelId)?.name ?? 'a model no longer in the library');
  const modelName = nameOf(status.embeddingModelId);
  const run = status.reindex;
  return (
    <section className="index-status" aria-label="Search index">
      <p>
        {modelName ? (
          <>
            Searched by meaning and keywords, embedded with <strong>{modelName}</strong>.
          </>
        ) : (
          'Searched by keywords only: no embedding model is chosen in Settings.'
        )}
        {!run && status.staleDocuments > 0 && ` ${formatCount(status.staleDocuments, 'document')} still indexed with another model.`}
      </p>
      {run && (
        <div className="index-reindex">
          <span role="status">
            Re-indexing for {nameOf(run.embeddingModelId) ?? 'keyword search'}: {run.documentsDone} of {run.documentsTotal} documents
            {run.fileName ? ` · ${run.fileName}` : ''}
          </span>
          <progress aria-label="Re-indexing documents" max={Math.max(1, run.documentsTotal)} value={run.documentsDone} />
        </div>
      )}
      {!run && lastReindex && (
        <p role="status">
          Re-indexed {formatCount(lastReindex.reindexed, 'document')}
          {lastReindex.failed > 0 ? `; ${lastReindex.failed} could not be and keep their previous index` : ''}.
        </p>
      )}
      {!run && lastReindex?.error && <InlineAlert error={lastReindex.error} prefix="Re-indexing did not finish" />}
    </section>
  );
}
