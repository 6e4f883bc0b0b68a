import * as Dialog from '@radix-ui/react-dialog';
import { useId, useRef, useState } from 'react';
import type { CollectionInfo } from '@shared/documents.js';
import type { MessageSearchHit } from '@shared/history.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { formatCount } from '../../lib/format.js';
import { commandKeyLabel } from '../../lib/shortcuts.js';
import { SearchHitItem } from './SearchHitItem.js';
import { noFilters, type SearchFilters, useMessageSearch } from './useMessageSearch.js';
import './search.css';

interface SearchDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Model names to filter replies by (the catalog's; older replies may name others, typed in the search). */
  modelNames: string[];
  collections: CollectionInfo[];
  onOpenHit: (hit: MessageSearchHit) => void;
}

/** Search every chat: type, narrow by date, model or collection, and open a hit at its message. */
export function SearchDialog({ open, onOpenChange, modelNames, collections, onOpenHit }: SearchDialogProps) {
  // Closed by opening a hit: the conversation moves focus to the message found, so the dialog must
  // not hand it back to whatever opened it.
  const hitOpened = useRef(false);
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content
          className="dialog search-dialog"
          aria-describedby={undefined}
          onOpenAutoFocus={() => {
            hitOpened.current = false;
          }}
          onCloseAutoFocus={(event) => {
            if (hitOpened.current) event.preventDefault();
          }}
        >
          {/* Mounted only while open: each opening starts from an empty search. */}
          <SearchPanel
            modelNames={modelNames}
            collections={collections}
            onOpenHit={(hit) => {
              hitOpened.current = true;
              onOpenHit(hit);
            }}
          />
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function SearchPanel({ modelNames, collections, onOpenHit }: Omit<SearchDialogProps, 'open' | 'onOpenChange'>) {
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<SearchFilters>(noFilters);
  const search = useMessageSearch(query, filters);
  const id = useId();
  const setFilter = (name: keyof SearchFilters, value: string) => setFilters((current) => ({ ...current, [name]: value }));
  const filtered = Object.values(filters).some((value) => value !== '');

  return (
    <>
      <div className="search-head">
        <Dialog.Title className="dialog-title">Search chats</Dialog.Title>
        <Dialog.Close className="icon-button" aria-label="Close search">
          <span aria-hidden="true">×</span>
        </Dialog.Close>
      </div>
      <input
        className="search-input"
        type="search"
        aria-label="Search all chats"
        placeholder="Words from any message…"
        autoFocus
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          const first = search.hits[0];
          if (event.key === 'Enter' && first) {
            event.preventDefault();
            onOpenHit(first);
          }
        }}
      />
      <fieldset className="search-filters">
        <legend className="visually-hidden">Filters</legend>
        <label>
          From
          <input className="text-input" type="date" value={filters.from} onChange={(event) => setFilter('from', event.target.value)} />
        </label>
        <label>
          To
          <input className="text-input" type="date" value={filters.to} onChange={(event) => setFilter('to', event.target.value)} />
        </label>
        <label>
          Model
          <select className="text-input" value={filters.modelName} onChange={(event) => setFilter('modelName', event.target.value)}>
            <option value="">Any model</option>
            {modelNames.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Collection
          <select
            className="text-input"
            value={filters.collectionId}
            onChange={(event) => setFilter('collectionId', event.target.value)}
          >
            <option value="">Any collection</option>
            {collections.map((collection) => (
              <option key={collection.id} value={collection.id}>
                {collection.name}
              </option>
            ))}
          </select>
        </label>
        {filtered && (
          <button type="button" className="button button-small button-quiet" onClick={() => setFilters(noFilters)}>
            Clear filters
          </button>
        )}
      </fieldset>
      {search.error && <InlineAlert error={search.error} prefix="Could not search" />}
      <p id={`${id}-status`} className="search-status muted" role="status">
        {query.trim() === ''
          ? `Search every chat on this computer. ${commandKeyLabel}+K opens this from anywhere.`
          : search.searching && search.hits.length === 0
            ? 'Searching…'
            : search.hits.length === 0
              ? `No messages match “${search.searchedFor}”${filtered ? ' with these filters' : ''}.`
              : `${formatCount(search.hits.length, 'message')}${search.hasMore ? ' so far' : ''} matching “${search.searchedFor}”. Enter opens the first.`}
      </p>
      {search.hits.length > 0 && (
        <ul className="search-results" aria-label="Search results">
          {search.hits.map((hit) => (
            <SearchHitItem key={hit.messageId} hit={hit} onOpen={onOpenHit} />
          ))}
        </ul>
      )}
      {search.hasMore && (
        <button type="button" className="button button-small search-more" onClick={search.loadMore}>
          Show more
        </button>
      )}
    </>
  );
}
