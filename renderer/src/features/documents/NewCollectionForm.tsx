import { type SubmitEvent, useState } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { AppError, Result } from '@shared/errors.js';
import { maxTitleCharacters } from '@shared/limits.js';
import { InlineAlert } from '../../components/InlineAlert.js';

interface NewCollectionFormProps {
  onCreate: (name: string) => Promise<Result<CollectionInfo>>;
  onCreated: (collection: CollectionInfo) => void;
}

/** A name and a button: the way to a new collection. */
export function NewCollectionForm({ onCreate, onCreated }: NewCollectionFormProps) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);

  async function create(event: SubmitEvent) {
    event.preventDefault();
    if (name.trim() === '') return;
    setBusy(true);
    const result = await onCreate(name.trim());
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (result.ok) {
      setName('');
      onCreated(result.value);
    }
  }

  return (
    <form className="new-collection" aria-label="New collection" onSubmit={(event) => void create(event)}>
      <input
        className="text-input"
        aria-label="New collection name"
        placeholder="New collection name"
        maxLength={maxTitleCharacters}
        value={name}
        onChange={(event) => setName(event.target.value)}
      />
      <button type="submit" className="button" disabled={busy || name.trim() === ''}>
        Create
      </button>
      {error && <InlineAlert error={error} prefix="Could not create the collection" onDismiss={() => setError(null)} />}
    </form>
  );
}
