import { useState } from 'react';
import { InlineAlert } from '../../components/InlineAlert.js';
import { ImportProgressList } from './ImportProgressList.js';
import { ImportSummary } from './ImportSummary.js';
import { ImportToolbar } from './ImportToolbar.js';
import { ModelInspector } from './ModelInspector.js';
import { ModelList } from './ModelList.js';
import { UnreadableModels } from './UnreadableModels.js';
import { describeRefusals, type DropRefusal, useFileDrop } from '../../lib/useFileDrop.js';
import type { Imports } from './useImports.js';
import type { ModelCatalogState } from './useModelCatalog.js';
import type { ModelRuntime } from './useModelRuntime.js';
import '../../components/library-view.css';
import './import.css';
import './models-view.css';
import './inspector.css';
import '../../components/forms.css';

interface ModelsViewProps {
  models: ModelCatalogState;
  runtime: ModelRuntime;
  imports: Imports;
  /** The model shown in detail; the first one when null or gone. */
  inspectedId: string | null;
  onInspect: (modelId: string | null) => void;
}

/**
 * The library: every model, importing more (buttons or drag and drop), and one model in detail.
 * Whether a model is loaded is said once per place: a badge in the list, and how it runs in its
 * detail; there is no separate list of loaded models to say it a third time.
 */
export function ModelsView({ models, runtime, imports, inspectedId, onInspect }: ModelsViewProps) {
  const [skipped, setSkipped] = useState<DropRefusal[]>([]);
  const drop = useFileDrop('models', (grants, refused) => {
    setSkipped(refused);
    if (grants.length > 0) void imports.importGranted(grants);
  });
  const catalog = models.catalog;
  const list = catalog?.models ?? [];
  const inspected = list.find((model) => model.id === inspectedId) ?? list[0] ?? null;

  return (
    <div className="library-view models-view" data-dragging={drop.dragging} {...drop.handlers}>
      <header className="view-header">
        <h1>Models</h1>
        <ImportToolbar imports={imports} />
      </header>
      <div className="library-notices models-notices">
        <ImportProgressList imports={imports} />
        <ImportSummary imports={imports} models={list} />
        {skipped.length > 0 && (
          <InlineAlert
            error={{ code: 'invalid-request', message: `${describeRefusals(skipped)} Use “Import models…” instead.` }}
            prefix="Some files were not imported"
            onDismiss={() => setSkipped([])}
          />
        )}
        {models.error && <InlineAlert error={models.error} prefix="Could not list the models" />}
      </div>
      <div className="library-body">
        <div className="library-column">
          {catalog && list.length === 0 && (
            <p className="muted models-empty">
              No models yet. Import a .gguf file, or drop one anywhere on this page.
            </p>
          )}
          <ModelList
            models={list}
            unapproved={catalog?.unapproved ?? []}
            resident={runtime.resident}
            selectedId={inspected?.id ?? null}
            onSelect={onInspect}
          />
          {catalog && <UnreadableModels files={catalog.unreadable} />}
        </div>
        <div className="library-detail">
          {inspected ? (
            <ModelInspector key={inspected.id} model={inspected} models={list} runtime={runtime} onRemoved={() => onInspect(null)} />
          ) : (
            <p className="muted">{list.length === 0 ? 'An imported model’s details, settings and memory needs appear here.' : 'Pick a model to see its details.'}</p>
          )}
        </div>
      </div>
      {drop.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop .gguf files to import them ({imports.mode === 'copy' ? 'copied into Enclave’s models folder' : 'used in place'})
        </div>
      )}
    </div>
  );
}
