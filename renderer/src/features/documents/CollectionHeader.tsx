import { useRef, useState } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { AppError, Result } from '@shared/errors.js';
import { maxTitleCharacters } from '@shared/limits.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { InlineNameEditor } from '../../components/InlineNameEditor.js';
import { formatCount } from '../../lib/format.js';

interface CollectionHeaderProps {
  collection: CollectionInfo;
  /** Opens the file (or folder) dialog for files to add. */
  onAdd: (pick: 'files' | 'folder') => void;
  onRename: (name: string) => Promise<Result<unknown>>;
  onDelete: () => Promise<Result<unknown>>;
}

/** The collection's name (renamed in place), the ways to add files, and delete. */
export function CollectionHeader({ collection, onAdd, onRename, onDelete }: CollectionHeaderProps) {
  const [editing, setEditing] = useState(false);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const [renameError, setRenameError] = useState<AppError | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const deleteButton = useRef<HTMLButtonElement>(null);
  const ownedByChat = collection.chatId !== null;

  async function saveName(name: string) {
    setEditing(false);
    requestAnimationFrame(() => renameButton.current?.focus());
    if (name === collection.name) return;
    const result = await onRename(name);
    setRenameError(result.ok ? null : result.error);
  }

  return (
    <header className="collection-header">
      <div className="collection-title-row">
        {editing ? (
          <InlineNameEditor
            initialName={collection.name}
            label="Collection name"
            maxLength={maxTitleCharacters}
            className="text-input collection-name-input"
            onSave={(name) => void saveName(name)}
            onCancel={() => {
              setEditing(false);
              requestAnimationFrame(() => renameButton.current?.focus());
            }}
          />
        ) : (
          <h2 id="collection-title" className="collection-title">
            {collection.name}
          </h2>
        )}
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => onAdd('files')}>
            Add files…
          </button>
          <button type="button" className="button" onClick={() => onAdd('folder')}>
            Add folder…
          </button>
          {!ownedByChat && (
            <button ref={renameButton} type="button" className="button" disabled={editing} onClick={() => setEditing(true)}>
              Rename
            </button>
          )}
          <button ref={deleteButton} type="button" className="button button-danger-quiet" onClick={() => setConfirmingDelete(true)}>
            Delete…
          </button>
        </div>
      </div>
      <p className="muted collection-summary">
        {formatCount(collection.documentCount, 'document')}
        {ownedByChat && ' · files dropped into a chat; deleted with that chat'}
      </p>
      {renameError && <InlineAlert error={renameError} prefix="Could not rename the collection" onDismiss={() => setRenameError(null)} />}
      <ConfirmDialog
        open={confirmingDelete}
        onOpenChange={setConfirmingDelete}
        title={`Delete ${collection.name}?`}
        description={`Its ${formatCount(collection.documentCount, 'document')} and their index are deleted from Enclave, and chats stop answering from it. Files on disk are not touched; answers already given keep the passages they quoted.`}
        confirmLabel="Delete collection"
        busyLabel="Deleting…"
        errorPrefix="Could not delete the collection"
        onConfirm={onDelete}
        returnFocus={() => deleteButton.current?.focus()}
      />
    </header>
  );
}
