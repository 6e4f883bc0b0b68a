import { useState } from 'react';
import type { ChatSummary } from '@shared/domain.js';
import type { PresetInfo } from '@shared/presetDefinitions.js';
import { InlineAlert } from '../components/InlineAlert.js';
import { Conversation } from '../features/chat/Conversation.js';
import type { MessageFocusRequest } from '../features/chat/MessageList.js';
import type { ChatList } from '../features/chats/useChatList.js';
import { useChatModel } from '../features/chats/useChatModel.js';
import { ChatDocuments } from '../features/documents/ChatDocuments.js';
import type { Collections } from '../features/documents/useCollections.js';
import type { DocumentImports } from '../features/documents/useDocumentImports.js';
import { NoModelPanel } from '../features/models/NoModelPanel.js';
import type { Imports } from '../features/models/useImports.js';
import type { ModelCatalogState } from '../features/models/useModelCatalog.js';
import type { ModelRuntime } from '../features/models/useModelRuntime.js';
import { PresetPicker, presetModel } from '../features/presets/PresetPicker.js';
import { useRemoteModelsAvailable } from '../features/remote/RemoteModelOptions.js';
import { GetStarted } from '../features/welcome/GetStarted.js';
import { describeRefusals, type DropRefusal, useFileDrop } from '../lib/useFileDrop.js';
import { ConversationHeader } from './ConversationHeader.js';

interface ChatViewProps {
  hidden: boolean;
  chatList: ChatList;
  selectedChat: ChatSummary | null;
  models: ModelCatalogState;
  runtime: ModelRuntime;
  imports: Imports;
  collections: Collections;
  documentImports: DocumentImports;
  detailsOpen: boolean;
  onToggleDetails: () => void;
  onOpenChat: (chatId: string) => void;
  onOpenModels: (modelId?: string) => void;
  onOpenDocuments: () => void;
  /** The assistants (presets) a chat can use. */
  presets: PresetInfo[];
  /** A message of the selected chat to scroll to (a search hit). */
  focusRequest: MessageFocusRequest | null;
}

/**
 * The middle pane while chatting: the header with the model picker, then the conversation. Files
 * dropped on it are indexed into the chat's own collection, which it then answers from.
 */
export function ChatView(props: ChatViewProps) {
  const { chatList, selectedChat, models, runtime, imports, collections, documentImports } = props;
  const [skipped, setSkipped] = useState<DropRefusal[]>([]);
  const catalog = models.catalog;
  // With a remote model to answer, a chat needs no local one; without either, the import panel shows.
  // An embedding model alone cannot chat: it counts as none.
  const remoteAvailable = useRemoteModelsAvailable();
  const noModel =
    catalog && models.chatModels.length === 0 && !remoteAvailable ? <NoModelPanel catalog={catalog} models={models} imports={imports} /> : null;
  const drop = useFileDrop('documents', (grants, refused) => {
    setSkipped(refused);
    if (selectedChat && grants.length > 0) void documentImports.importGranted({ chatId: selectedChat.id }, grants);
  });

  useChatModel(selectedChat, models);
  const chatPreset = props.presets.find((preset) => preset.id === selectedChat?.presetId) ?? null;

  return (
    <main
      className="pane pane-conversation"
      hidden={props.hidden}
      data-dragging={drop.dragging}
      {...(selectedChat && !noModel ? drop.handlers : {})}
    >
      <ConversationHeader
        title={selectedChat?.title ?? 'Enclave'}
        models={models}
        runtime={runtime}
        detailsOpen={props.detailsOpen}
        onToggleDetails={props.onToggleDetails}
        onOpenModels={props.onOpenModels}
        assistantPicker={
          selectedChat &&
          props.presets.length > 0 && (
            <PresetPicker
              chat={selectedChat}
              presets={props.presets}
              onChosen={(preset) => {
                // The assistant's default model, when it names one this computer has, is picked with it.
                const model = preset && presetModel(preset, catalog?.models ?? []);
                if (model) models.select(model.id);
              }}
            />
          )
        }
      />
      {models.error && <InlineAlert error={models.error} prefix="Could not list the models" />}
      {skipped.length > 0 && (
        <InlineAlert
          error={{ code: 'invalid-request', message: describeRefusals(skipped) }}
          prefix="Some files were not added"
          onDismiss={() => setSkipped([])}
        />
      )}
      {selectedChat ? (
        <Conversation
          key={selectedChat.id}
          chatId={selectedChat.id}
          model={models.selectedModel}
          noModel={noModel}
          focusRequest={props.focusRequest}
          presetSchemaName={chatPreset?.jsonSchema ? chatPreset.name : null}
          documents={
            <ChatDocuments chat={selectedChat} collections={collections} imports={documentImports} onOpenDocuments={props.onOpenDocuments} />
          }
        />
      ) : (
        chatList.chats && (
          <div className="conversation-empty">
            <GetStarted
              models={models}
              noModel={catalog && noModel && <NoModelPanel catalog={catalog} models={models} imports={imports} headingLevel={4} />}
              remoteAvailable={remoteAvailable}
              chatList={chatList}
              documentImports={documentImports}
              onOpenChat={props.onOpenChat}
              onOpenModels={() => props.onOpenModels()}
            />
          </div>
        )
      )}
      {drop.dragging && (
        <div className="drop-overlay" aria-hidden="true">
          Drop files to let this chat answer from them
        </div>
      )}
    </main>
  );
}
