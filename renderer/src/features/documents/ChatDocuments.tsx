import { useState } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatCount } from '../../lib/format.js';
import { AttachCollectionsMenu } from './AttachCollectionsMenu.js';
import { DocumentImportNotices } from './DocumentImportNotices.js';
import { type Collections, isLibraryCollection } from './useCollections.js';
import type { DocumentImports } from './useDocumentImports.js';
import './documents.css';

interface ChatDocumentsProps {
  chat: ChatSummary;
  collections: Collections;
  imports: DocumentImports;
  onOpenDocuments: () => void;
}

/**
 * Above the composer: what the chat answers from ("Answers from: Contracts"), the menu to attach
 * collections, and files dropped into the chat as they are indexed.
 */
export function ChatDocuments({ chat, collections, imports, onOpenDocuments }: ChatDocumentsProps) {
  const [error, setError] = useState<AppError | null>(null);
  // Ticked before core's answer comes back, so a second tick builds on the first.
  const [pendingIds, setPendingIds] = useState<string[] | null>(null);
  const attachedIds = pendingIds ?? chat.collectionIds;
  const all = collections.all ?? [];
  const library = all.filter(isLibraryCollection);
  const own = all.find((collection) => collection.chatId === chat.id) ?? null;
  const attached = library.filter((collection) => attachedIds.includes(collection.id));
  const sources = [
    ...attached.map((collection) => collection.name),
    ...(own && chat.collectionIds.includes(own.id) ? [`files added to this chat (${formatCount(own.documentCount, 'document')})`] : []),
  ];

  async function attach(collectionIds: string[]) {
    setPendingIds(own ? [...collectionIds, own.id] : collectionIds);
    const result = await settle(() => enclave().chats.setCollections({ chatId: chat.id, collectionIds }));
    setPendingIds(null);
    setError(result.ok ? null : result.error);
  }

  return (
    <div className="chat-documents">
      <div className="chat-documents-line">
        <AttachCollectionsMenu
          collections={library}
          attachedIds={attachedIds}
          onChange={(ids) => void attach(ids)}
          onOpenDocuments={onOpenDocuments}
        />
        <button type="button" className="button button-small" onClick={() => void imports.pickForChat(chat.id)}>
          Add files…
        </button>
        <p className="chat-documents-sources" data-grounded={sources.length > 0 || undefined}>
          {sources.length > 0 ? (
            <>
              Answers from: <strong>{sources.join(', ')}</strong>
            </>
          ) : (
            <span className="muted">Answers from the model alone. Attach a collection, or add or drop files to ask about them.</span>
          )}
        </p>
      </div>
      <DocumentImportNotices
        imports={imports}
        belongs={(run) => run.chatId === chat.id || (own !== null && run.collectionId === own.id)}
        targetId={chat.id}
      />
      {error && <InlineAlert error={error} prefix="Could not change the chat’s collections" onDismiss={() => setError(null)} />}
    </div>
  );
}
