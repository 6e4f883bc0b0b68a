import { useState } from 'react';
import type { ModelCatalog } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { UnreadableModels } from './UnreadableModels.js';
import type { ModelCatalogState } from './useModelCatalog.js';
import './models.css';

interface NoModelPanelProps {
  catalog: ModelCatalog;
  state: ModelCatalogState;
}

/** First run, or every model removed: where models come from and how to add one. */
export function NoModelPanel({ catalog, state }: NoModelPanelProps) {
  const [busy, setBusy] = useState<'importing' | 'scanning' | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  async function importModel() {
    setBusy('importing');
    const result = await state.importWithDialog();
    setBusy(null);
    setError(result.ok ? null : result.error);
  }

  async function lookAgain() {
    setBusy('scanning');
    await state.refresh();
    setBusy(null);
  }

  return (
    <section className="no-model" aria-labelledby="no-model-title">
      <h2 id="no-model-title">No model found</h2>
      <p>Enclave runs GGUF models on this computer, and found none in its models folders:</p>
      <ul className="folder-list">
        {catalog.folders.map((folder) => (
          <li key={folder}>
            <code>{folder}</code>
          </li>
        ))}
      </ul>
      <div className="no-model-actions">
        <button type="button" className="button button-primary" disabled={busy !== null} onClick={() => void importModel()}>
          {busy === 'importing' ? 'Importing…' : 'Import a .gguf file…'}
        </button>
        <button type="button" className="button" disabled={busy !== null} onClick={() => void lookAgain()}>
          {busy === 'scanning' ? 'Looking…' : 'Look again'}
        </button>
      </div>
      {busy === 'importing' && (
        <p role="status" className="muted">
          Copying the model into Enclave’s models folder…
        </p>
      )}
      {error && <InlineAlert error={error} prefix="Could not import that file" />}
      <p className="muted">
        You can also copy a .gguf file into one of these folders yourself, then choose “Look again”.
      </p>
      <UnreadableModels files={catalog.unreadable} />
    </section>
  );
}
