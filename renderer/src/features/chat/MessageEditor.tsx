import { useState } from 'react';
import { maxPromptCharacters } from '@shared/limits.js';

interface MessageEditorProps {
  initialText: string;
  disabledReason: string | null;
  /** Resolves false when the edit was not sent: the editor stays open with the text. */
  onSend: (content: string) => Promise<boolean>;
  onCancel: () => void;
}

/** Editing a message in place: sending makes a new branch beside the original, which stays one arrow away. */
export function MessageEditor({ initialText, disabledReason, onSend, onCancel }: MessageEditorProps) {
  const [text, setText] = useState(initialText);
  const [sending, setSending] = useState(false);
  const canSend = !sending && disabledReason === null && text.trim().length > 0;

  async function send() {
    if (!canSend) return;
    setSending(true);
    const sent = await onSend(text.trim());
    // Sent: the message is replaced by its new version and this editor unmounts.
    if (!sent) setSending(false);
  }

  return (
    <form
      className="message-editor"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        className="message-editor-input"
        aria-label="Edit your message"
        value={text}
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        maxLength={maxPromptCharacters}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            onCancel();
          } else if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <p className="message-editor-hint muted">Sending makes a new version; the original stays, one arrow away.</p>
      <div className="message-editor-actions">
        <button type="button" className="button button-small" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-small button-primary" disabled={!canSend} title={disabledReason ?? undefined}>
          {sending ? 'Sending…' : 'Send'}
        </button>
      </div>
    </form>
  );
}
