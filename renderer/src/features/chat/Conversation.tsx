import { type ReactNode, useCallback, useState } from 'react';
import type { MessageSource } from '../../../../electron/shared/documents.js';
import type { ModelInfo } from '../../../../electron/shared/domain.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { PassageViewer } from '../documents/PassageViewer.js';
import { Composer } from './Composer.js';
import { MessageList } from './MessageList.js';
import { useConversation } from './useConversation.js';
import './chat.css';

interface ConversationProps {
  chatId: string;
  /** The model new messages go to; null when there is none. */
  model: ModelInfo | null;
  /** Shown instead of the composer when no model exists (the import panel). */
  noModel?: ReactNode;
  /** Above the composer: which documents the chat answers from, and files being added to it. */
  documents?: ReactNode;
}

/** The middle pane for one chat. Mount with `key={chatId}`: its state belongs to that chat. */
export function Conversation({ chatId, model, noModel, documents }: ConversationProps) {
  const conversation = useConversation(chatId);
  const [actionError, setActionError] = useState<{ prefix: string; error: AppError } | null>(null);
  const [openSource, setOpenSource] = useState<{ source: MessageSource; opener: HTMLElement } | null>(null);
  const onOpenSource = useCallback((source: MessageSource, opener: HTMLElement) => setOpenSource({ source, opener }), []);

  async function send(content: string): Promise<boolean> {
    if (!model) return false;
    const result = await conversation.send(model.id, content);
    setActionError(result.ok ? null : { prefix: 'Your message was not sent', error: result.error });
    return result.ok;
  }

  async function stop() {
    const result = await conversation.stop();
    setActionError(result.ok ? null : { prefix: 'Could not stop the reply', error: result.error });
  }

  const messages = conversation.messages;
  return (
    <div className="conversation">
      {conversation.loadError && (
        <InlineAlert error={conversation.loadError} prefix="Could not open this chat" />
      )}
      {messages && messages.length > 0 ? (
        <MessageList messages={messages} onOpenSource={onOpenSource} />
      ) : (
        <div className="conversation-empty">
          {messages && !noModel && (
            <p className="muted">
              Send a message to start. {model ? `${model.name} answers` : 'Replies are written'} on this computer;
              nothing leaves it.
            </p>
          )}
          {noModel}
        </div>
      )}
      {messages && messages.length > 0 && noModel}
      {!noModel && (
        <div className="composer-area">
          {documents}
          {actionError && (
            <InlineAlert error={actionError.error} prefix={actionError.prefix} onDismiss={() => setActionError(null)} />
          )}
          <Composer
            generating={conversation.generating}
            disabledReason={model ? null : 'Pick a model to start.'}
            onSend={send}
            onStop={() => void stop()}
          />
        </div>
      )}
      {openSource && (
        <PassageViewer
          key={`${openSource.source.chunkId}-${openSource.source.number}`}
          source={openSource.source}
          opener={openSource.opener}
          onClose={() => setOpenSource(null)}
        />
      )}
    </div>
  );
}
