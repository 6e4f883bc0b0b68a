import type { ChatSummary } from '../../../electron/shared/domain.js';
import { EmptyState } from '../components/EmptyState.js';
import { InlineAlert } from '../components/InlineAlert.js';
import { Conversation } from '../features/chat/Conversation.js';
import type { ChatList } from '../features/chats/useChatList.js';
import { NoModelPanel } from '../features/models/NoModelPanel.js';
import type { Imports } from '../features/models/useImports.js';
import type { ModelCatalogState } from '../features/models/useModelCatalog.js';
import type { ModelRuntime } from '../features/models/useModelRuntime.js';
import { ConversationHeader } from './ConversationHeader.js';

interface ChatViewProps {
  hidden: boolean;
  chatList: ChatList;
  selectedChat: ChatSummary | null;
  models: ModelCatalogState;
  runtime: ModelRuntime;
  imports: Imports;
  detailsOpen: boolean;
  onToggleDetails(): void;
  onOpenChat(chatId: string): void;
  onOpenModels(modelId?: string): void;
}

/** The middle pane while chatting: the header with the model picker, then the conversation. */
export function ChatView(props: ChatViewProps) {
  const { chatList, selectedChat, models, runtime, imports } = props;
  const catalog = models.catalog;
  const noModel =
    catalog && catalog.models.length === 0 ? <NoModelPanel catalog={catalog} models={models} imports={imports} /> : null;

  async function createChat() {
    const result = await chatList.create();
    if (result.ok) props.onOpenChat(result.value.id);
  }

  return (
    <main className="pane pane-conversation" hidden={props.hidden}>
      <ConversationHeader
        title={selectedChat?.title ?? 'Enclave'}
        models={models}
        runtime={runtime}
        detailsOpen={props.detailsOpen}
        onToggleDetails={props.onToggleDetails}
        onOpenModels={props.onOpenModels}
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
  );
}
