import { type ReactNode, useCallback, useEffect, useEffectEvent, useId, useMemo, useRef, useState } from 'react';
import type { MessageSource } from '@shared/documents.js';
import type { ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { PassageViewer } from '../documents/PassageViewer.js';
import { OutgoingCheck, RemoteStartNote } from '../remote/OutgoingCheck.js';
import { useRemote } from '../remote/RemoteProvider.js';
import { useRemoteSend } from '../remote/useRemoteSend.js';
import { Composer } from './Composer.js';
import { type ComposerOpening, peekComposerRequest, takeComposerFocusRequest } from './composerFocus.js';
import { MessageActionsContext } from './messageActions.js';
import { type MessageFocusRequest, MessageList } from './MessageList.js';
import { StructuredOutputPanel, StructuredOutputToggle, useStructuredOutput } from './StructuredOutputPanel.js';
import { checkSchemaText } from './structuredSchema.js';
import { type ReplyTarget, useConversation } from './useConversation.js';
import { useConversationShortcuts, useMessageActionsValue } from './useConversationControls.js';
import { useMessageJump } from './useMessageJump.js';
import './chat.css';

interface ConversationProps {
  chatId: string;
  /** The model new messages go to; null when there is none. */
  model: ModelInfo | null;
  /** Shown instead of the composer when no model exists (the import panel). */
  noModel?: ReactNode;
  /** Above the composer: which documents the chat answers from, and files being added to it. */
  documents?: ReactNode;
  /** A message to scroll to (a search hit), switching to its branch when it is on another. */
  focusRequest?: MessageFocusRequest | null;
  /** The chat's preset when it holds replies to a JSON schema of its own. */
  presetSchemaName?: string | null;
}

/** The middle pane for one chat. Mount with `key={chatId}`: its state belongs to that chat. */
export function Conversation({ chatId, model, noModel, documents, focusRequest, presetSchemaName = null }: ConversationProps) {
  const conversation = useConversation(chatId);
  // A remote model chosen in the picker: sends go through the data-loss check first (features/remote).
  const remoteTarget = useRemote()?.selected ?? null;
  const remoteSend = useRemoteSend(chatId, conversation.send);
  const [actionError, setActionError] = useState<{ prefix: string; error: AppError } | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const structured = useStructuredOutput();
  const structuredPanelId = useId();
  // Edits and regenerations go to whatever the picker has chosen, local or remote.
  const target = useMemo(
    (): ReplyTarget | null => (remoteTarget ? { remote: remoteTarget } : model ? { modelId: model.id } : null),
    [remoteTarget, model],
  );
  const actions = useMessageActionsValue(conversation, target, target ? null : 'Pick a model to start.', setActionError, remoteSend);
  useConversationShortcuts(root, conversation, actions, () => void stop());
  const focus = useMessageJump(conversation.messages, conversation.complete, focusRequest, conversation.switchBranch);
  const [openSource, setOpenSource] = useState<{ source: MessageSource; opener: HTMLElement } | null>(null);
  const onOpenSource = useCallback((source: MessageSource, opener: HTMLElement) => setOpenSource({ source, opener }), []);

  // A chat just started opens with the cursor in its message box, the text it was started with in it
  // or already sent (composerFocus.ts).
  const [initialDraft] = useState(() => {
    const opening = peekComposerRequest(chatId);
    return opening && !opening.send ? opening.draft : '';
  });
  const open = useEffectEvent((opening: ComposerOpening) => {
    root.current?.querySelector<HTMLElement>('.composer-input')?.focus();
    if (opening.send && opening.draft.trim() !== '') void send(opening.draft.trim());
  });
  useEffect(() => {
    const opening = takeComposerFocusRequest(chatId);
    if (opening) open(opening);
  }, [chatId]);

  async function send(content: string): Promise<boolean> {
    if (remoteTarget) return remoteSend.send(remoteTarget, content);
    if (!model) return false;
    const schema = structured.enabled && structured.schemaText.trim() !== '' ? checkSchemaText(structured.schemaText) : null;
    if (schema && !schema.ok) {
      setActionError({ prefix: 'Your message was not sent', error: { code: 'schema-invalid', message: schema.problem } });
      return false;
    }
    const result = await conversation.send({ modelId: model.id }, content, schema ? { jsonSchema: schema.schema } : {});
    setActionError(result.ok ? null : { prefix: 'Your message was not sent', error: result.error });
    return result.ok;
  }

  async function stop() {
    const result = await conversation.stop();
    setActionError(result.ok ? null : { prefix: 'Could not stop the reply', error: result.error });
  }

  const messages = conversation.messages;
  return (
    <div className="conversation" ref={root}>
      {conversation.loadError && (
        <InlineAlert error={conversation.loadError} prefix="Could not open this chat" />
      )}
      {messages && messages.length > 0 ? (
        <MessageActionsContext value={actions}>
          <MessageList messages={messages} replies={conversation.replies} onOpenSource={onOpenSource} focusRequest={focus} />
        </MessageActionsContext>
      ) : (
        <div className="conversation-empty">
          {messages && !noModel && remoteTarget && <RemoteStartNote target={remoteTarget} />}
          {messages && !noModel && !remoteTarget && (
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
          {structured.enabled && (
            <StructuredOutputPanel id={structuredPanelId} structured={structured} presetSchemaName={presetSchemaName} />
          )}
          {actionError && (
            <InlineAlert error={actionError.error} prefix={actionError.prefix} onDismiss={() => setActionError(null)} />
          )}
          <OutgoingCheck check={remoteSend} />
          <Composer
            generating={conversation.generating}
            disabledReason={model || remoteTarget ? null : 'Pick a model to start.'}
            onSend={send}
            initialDraft={initialDraft}
            onStop={() => void stop()}
            tools={<StructuredOutputToggle structured={structured} controls={structuredPanelId} />}
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
