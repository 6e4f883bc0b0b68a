import { useState } from 'react';
import type { ModelCatalog } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { ImportProgressList } from './ImportProgressList.js';
import { UnreadableModels } from './UnreadableModels.js';
import type { Imports } from './useImports.js';
import type { ModelCatalogState } from './useModelCatalog.js';
import './models.css';

interface NoModelPanelProps {
  catalog: ModelCatalog;
  models: ModelCatalogState;
  imports: Imports;
  /** Its heading's level: 2 on its own in a conversation, lower inside the Get started steps. */
  headingLevel?: 2 | 4;
}

/** First run, or every model removed: where models come from and how to add one. */
export function NoModelPanel({ catalog, models, imports, headingLevel = 2 }: NoModelPanelProps) {
  const Heading = headingLevel === 2 ? 'h2' : 'h4';
  const [scanning, setScanning] = useState(false);
  const busy = scanning || imports.busy;
  const failure = imports.result?.failed[0] ?? null;

  async function lookAgain() {
    setScanning(true);
    await models.refresh();
    setScanning(false);
  }

  return (
    <section className="no-model" aria-labelledby="no-model-title">
      <Heading id="no-model-title">No model found</Heading>
      <p>Enclave runs GGUF models on this computer, and found none in its models folders:</p>
      <ul className="folder-list">
        {catalog.folders.map((folder) => (
          <li key={folder}>
            <code>{folder}</code>
          </li>
        ))}
      </ul>
      <div className="no-model-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void imports.pick('files')}>
          {imports.busy ? 'Importing…' : 'Import a .gguf file…'}
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void lookAgain()}>
          {scanning ? 'Looking…' : 'Look again'}
        </button>
      </div>
      <ImportProgressList imports={imports} />
      {imports.error && <InlineAlert error={imports.error} prefix="Could not import that file" />}
      {failure && <InlineAlert error={failure.error} prefix="Could not import that file" onDismiss={imports.dismiss} />}
      <p className="muted">
        {imports.mode === 'copy' ? 'The file is copied into Enclave’s models folder.' : 'The file is used where it is.'} You can also copy a .gguf file into one of these folders yourself,
        then choose “Look again”, or import a whole folder under Models.
      </p>
      <UnreadableModels files={catalog.unreadable} />
    </section>
  );
}
