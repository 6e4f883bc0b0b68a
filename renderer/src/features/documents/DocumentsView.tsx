import { useState } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { describeRefusals, useFileDrop } from '../../lib/useFileDrop.js';
import { CollectionDetail } from './CollectionDetail.js';
import { CollectionList } from './CollectionList.js';
import { IndexStatusNote } from './IndexStatusNote.js';
import { NewCollectionForm } from './NewCollectionForm.js';
import { type Collections, isLibraryCollection } from './useCollections.js';
import type { DocumentImports } from './useDocumentImports.js';
import type { IndexState } from './useIndexStatus.js';
import '../../components/library-view.css';
import '../models/import.css';
import './documents.css';

interface DocumentsViewProps {
  collections: Collections;
  imports: DocumentImports;
  index: IndexState;
  models: ModelInfo[];
  /** The collection shown; the first one when null or gone. */
  selectedId: string | null;
  onSelect: (collectionId: string) => void;
}

/** Collections on the left (the user's, then files dropped into chats), one collection's documents on the right. */
export function DocumentsView({ collections, imports, index, models, selectedId, onSelect }: DocumentsViewProps) {
  const [dropProblem, setDropProblem] = useState<string | null>(null);
  const all = collections.all ?? [];
  const library = all.filter(isLibraryCollection);
  const inChats = all.filter((collection) => !isLibraryCollection(collection));
  const selected = all.find((collection) => collection.id === selectedId) ?? library[0] ?? null;

  const drop = useFileDrop('documents', (grants, refused) => {
    if (!selected) setDropProblem('Create a collection first, then drop files on it.');
    else if (refused.length > 0) setDropProblem(`${describeRefusals(refused)} Use “Add files…” instead.`);
    else setDropProblem(null);
    if (selected && grants.length > 0) void imports.importGranted({ collectionId: selected.id }, grants);
  });

  return (
    <div className="library-view documents-view" data-dragging={drop.dragging} {...drop.handlers}>
      <header className="view-header">
        <h1>Documents</h1>
      </header>
      {/* Under the header, not in it: every view's header is one height (layout.css). */}
      <div className="library-notices">
        <IndexStatusNote index={index} models={models} />
        {collections.error && <InlineAlert error={collections.error} prefix="Could not list the collections" />}
        {dropProblem && (
          <InlineAlert
            error={{ code: 'invalid-request', message: dropProblem }}
            prefix="Some files were not imported"
            onDismiss={() => setDropProblem(null)}
          />
        )}
      </div>
      <div className="library-body">
        <div className="library-column">
          <NewCollectionForm onCreate={collections.create} onCreated={(created) => onSelect(created.id)} />
          {collections.all && library.length === 0 && <p className="muted">No collections yet. Name one above to start.</p>}
          <CollectionList label="Collections" collections={library} selectedId={selected?.id ?? null} onSelect={onSelect} />
          <CollectionList
            label="Files in chats"
            heading="Files in chats"
            collections={inChats}
            selectedId={selected?.id ?? null}
            onSelect={onSelect}
          />
        </div>
        <div className="library-detail">
          {selected ? (
            <CollectionDetail key={selected.id} collection={selected} collections={collections} imports={imports} />
          ) : (
            <p className="muted">
              A collection groups documents a chat can answer from: contracts, protocols, policies. Everything is indexed on this
              computer and never leaves it.
            </p>
          )}
        </div>
      </div>
      {drop.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          {selected ? `Drop files or folders to add them to ${selected.name}` : 'Create a collection first'}
        </div>
      )}
    </div>
  );
}
