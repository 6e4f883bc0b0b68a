import type { CollectionInfo } from '@shared/documents.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { CollectionHeader } from './CollectionHeader.js';
import { DocumentImportNotices } from './DocumentImportNotices.js';
import { DocumentTable } from './DocumentTable.js';
import type { Collections } from './useCollections.js';
import type { DocumentImports } from './useDocumentImports.js';
import { useDocuments } from './useDocuments.js';

interface CollectionDetailProps {
  collection: CollectionInfo;
  collections: Collections;
  imports: DocumentImports;
}

/** One collection: its name and actions, imports into it, and its documents. Mount with `key={collection.id}`. */
export function CollectionDetail({ collection, collections, imports }: CollectionDetailProps) {
  const { documents, error, remove } = useDocuments(collection.id);
  return (
    <section className="collection-detail" aria-labelledby="collection-title">
      <CollectionHeader
        collection={collection}
        onAdd={(pick) => void imports.pick(collection.id, pick)}
        onRename={(name) => collections.rename(collection.id, name)}
        onDelete={() => collections.remove(collection.id)}
      />
      <div className="collection-notices">
        <DocumentImportNotices imports={imports} belongs={(run) => run.collectionId === collection.id} targetId={collection.id} />
        {error && <InlineAlert error={error} prefix="Could not list the documents" />}
      </div>
      {documents?.length === 0 && (
        <p className="muted collection-empty">
          No documents yet. Add PDF, DOCX, TXT, Markdown, HTML or CSV files, or drop them anywhere on this page.
        </p>
      )}
      {documents && documents.length > 0 && <DocumentTable collectionName={collection.name} documents={documents} onRemove={remove} />}
    </section>
  );
}
