import type { CollectionInfo } from '@shared/documents.js';
import { formatCount } from '../../lib/format.js';

interface CollectionListProps {
  /** Accessible name of the list, and its heading when it has one. */
  label: string;
  heading?: string;
  collections: CollectionInfo[];
  selectedId: string | null;
  onSelect: (collectionId: string) => void;
}

/** Collections as a list of buttons, the selected one marked. */
export function CollectionList({ label, heading, collections, selectedId, onSelect }: CollectionListProps) {
  if (collections.length === 0) return null;
  return (
    <>
      {heading && <h2 className="collection-list-heading">{heading}</h2>}
      <ul className="library-list" aria-label={label}>
        {collections.map((collection) => (
          <li key={collection.id}>
            <button
              type="button"
              className="library-row collection-row"
              aria-current={collection.id === selectedId ? 'true' : undefined}
              onClick={() => onSelect(collection.id)}
            >
              <span className="library-row-name">{collection.name}</span>
              <span className="library-row-meta">{formatCount(collection.documentCount, 'document')}</span>
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
