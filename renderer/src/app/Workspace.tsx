import { useState } from 'react';
import type { AppStatus } from '../../../electron/shared/domain.js';
import { EmptyState } from '../components/EmptyState.js';
import { InlineAlert } from '../components/InlineAlert.js';
import { Conversation } from '../features/chat/Conversation.js';
import { ChatList } from '../features/chats/ChatList.js';
import { useChatList } from '../features/chats/useChatList.js';
import { ModelDetails } from '../features/models/ModelDetails.js';
import { NoModelPanel } from '../features/models/NoModelPanel.js';
import { useModelCatalog } from '../features/models/useModelCatalog.js';
import { useModelRuntime } from '../features/models/useModelRuntime.js';
import { readPreference, writePreference } from '../lib/storage.js';
import { ConversationHeader } from './ConversationHeader.js';

const detailsOpenKey = 'enclave.detailsOpen';

/** The three panes: chats on the left, the conversation in the middle, details on the right. */
export function Workspace({ status }: { status: AppStatus }) {
  const chatList = useChatList();
  const models = useModelCatalog();
  const runtime = useModelRuntime();
  const [chosenChatId, setChosenChatId] = useState<string | null>(null);
  const [detailsOpen, setDetailsOpen] = useState(() => readPreference(detailsOpenKey) !== 'false');

  // Until the user picks one, the newest chat is open; a chosen chat that is gone falls back too.
  const chats = chatList.chats ?? [];
  const selectedChat = chats.find((chat) => chat.id === chosenChatId) ?? chats[0] ?? null;
  const catalog = models.catalog;
  const noModel = catalog && catalog.models.length === 0 ? <NoModelPanel catalog={catalog} state={models} /> : null;

  function toggleDetails() {
    setDetailsOpen(!detailsOpen);
    writePreference(detailsOpenKey, String(!detailsOpen));
  }

  async function createChat() {
    const result = await chatList.create();
    if (result.ok) setChosenChatId(result.value.id);
  }

  return (
    <div className="workspace" data-details-open={detailsOpen}>
      <aside className="pane pane-chats">
        <ChatList list={chatList} selectedChatId={selectedChat?.id ?? null} onSelect={setChosenChatId} />
      </aside>
      <main className="pane pane-conversation">
        <ConversationHeader
          title={selectedChat?.title ?? 'Enclave'}
          models={models}
          runtime={runtime}
          detailsOpen={detailsOpen}
          onToggleDetails={toggleDetails}
        />
        {models.error && <InlineAlert error={models.error} prefix="Could not list the models" />}
        {selectedChat ? (
          <Conversation key={selectedChat.id} chatId={selectedChat.id} model={models.selectedModel} noModel={noModel} />
        ) : (
          chatList.chats && (
            <div className="conversation-empty">
              {noModel ?? (
                <EmptyState title="No chats yet" action={{ label: 'Start a chat', onClick: () => void createChat() }}>
                  Everything you write and every reply stays on this computer.
                </EmptyState>
              )}
            </div>
          )
        )}
      </main>
      <aside className="pane pane-details" id="details-pane" aria-label="Details" hidden={!detailsOpen}>
        <ModelDetails model={models.selectedModel} runtime={runtime} />
        <p className="details-footer muted">
          Enclave {status.version} · {status.threads} {status.threads === 1 ? 'thread' : 'threads'}
        </p>
      </aside>
    </div>
  );
}
