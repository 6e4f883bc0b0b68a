import { type ReactNode, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import type { ChatList } from '../chats/useChatList.js';
import type { DocumentImports } from '../documents/useDocumentImports.js';
import type { ModelCatalogState } from '../models/useModelCatalog.js';
import { documentQuestion, examplePrompts } from './examples.js';
import './welcome.css';

interface GetStartedProps {
  models: ModelCatalogState;
  /** The import panel when this computer has no model (and no endpoint answers), else null. */
  noModel: ReactNode;
  /** A model on the organisation's endpoint can answer (chosen in the chat's header). */
  remoteAvailable: boolean;
  chatList: ChatList;
  documentImports: DocumentImports;
  onOpenChat: (chatId: string) => void;
  onOpenModels: () => void;
}

/**
 * First run, and whenever there is no chat: the three steps from nothing to a first answer. A model
 * (imported here when there is none), a prompt tried with one click (a new chat that sends it), and
 * documents to ask about (a new chat with them attached and a question ready to send).
 */
export function GetStarted({ models, noModel, remoteAvailable, chatList, documentImports, onOpenChat, onOpenModels }: GetStartedProps) {
  const [error, setError] = useState<AppError | null>(null);
  const [busy, setBusy] = useState(false);
  const model = models.selectedModel;
  const ready = model !== null || remoteAvailable;
  const waitForModel = ready ? null : <p className="muted get-started-wait">Available once a model is here.</p>;

  async function startChat(opening: { draft: string; send: boolean }, then?: (chatId: string) => Promise<unknown>) {
    setBusy(true);
    const created = await chatList.create(opening);
    setBusy(false);
    if (!created.ok) {
      setError(created.error);
      return;
    }
    onOpenChat(created.value.id);
    await then?.(created.value.id);
  }

  return (
    <section className="get-started" aria-labelledby="get-started-title">
      <h2 id="get-started-title">Get started</h2>
      <p className="muted">Enclave answers on this computer. What you write, the documents you add and every reply stay here.</p>
      {error && <InlineAlert error={error} prefix="Could not start a chat" onDismiss={() => setError(null)} />}
      <ol className="get-started-steps">
        <li className="get-started-step" data-done={ready || undefined}>
          <h3>Choose a model</h3>
          {model ? (
            <p>
              <strong>{model.name}</strong> answers, on this computer.{' '}
              <button type="button" className="link-button" onClick={onOpenModels}>
                See every model
              </button>
            </p>
          ) : remoteAvailable ? (
            <p>Your organisation’s server answers: choose its model in the chat’s header.</p>
          ) : (
            (noModel ?? <p className="muted">Looking for models…</p>)
          )}
        </li>
        <li className="get-started-step">
          <h3>Try a prompt</h3>
          <div className="example-prompts" role="group" aria-label="Example prompts">
            {examplePrompts.map((prompt) => (
              <button
                key={prompt}
                type="button"
                className="example-prompt"
                disabled={!ready || busy}
                onClick={() => void startChat({ draft: prompt, send: true })}
              >
                {prompt}
              </button>
            ))}
          </div>
          {waitForModel}
        </li>
        <li className="get-started-step">
          <h3>Ask about your documents</h3>
          <p className="muted">
            PDF, Word, web pages, text or scans: read and indexed on this computer, and every answer names the page it comes from.
          </p>
          <button
            type="button"
            className="button"
            disabled={!ready || busy}
            onClick={() => void startChat({ draft: documentQuestion, send: false }, (chatId) => documentImports.pickForChat(chatId))}
          >
            Choose documents…
          </button>
          {waitForModel}
        </li>
      </ol>
    </section>
  );
}
