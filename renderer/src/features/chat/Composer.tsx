import { type ReactNode, useState } from 'react';
import { maxPromptCharacters } from '@shared/limits.js';
import { Icon } from '../../components/Icon.js';

interface ComposerProps {
  /** A reply is being written: Enter does nothing and the Stop button replaces Send. */
  generating: boolean;
  /** Why sending is impossible right now (no model picked), or null. */
  disabledReason: string | null;
  /** Resolves false when the message was not sent, so the text is given back to edit. */
  onSend: (content: string) => Promise<boolean>;
  onStop: () => void;
  /** Extra controls beside Send (the structured output toggle). */
  tools?: ReactNode;
  /** The text the box starts with (a suggested question); empty by default. */
  initialDraft?: string;
}

/** Where the user writes: Enter sends, Shift+Enter starts a new line. */
export function Composer({ generating, disabledReason, onSend, onStop, tools, initialDraft = '' }: ComposerProps) {
  const [draft, setDraft] = useState(initialDraft);
  const canSend = !generating && disabledReason === null && draft.trim().length > 0;

  async function send() {
    if (!canSend) return;
    const content = draft;
    setDraft('');
    if (!(await onSend(content.trim()))) setDraft((current) => (current === '' ? content : current));
  }

  return (
    <form
      className="composer"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <textarea
        className="composer-input"
        aria-label="Message"
        placeholder={disabledReason ?? 'Write a message. Enter sends, Shift+Enter adds a line.'}
        rows={3}
        maxLength={maxPromptCharacters}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      <div className="composer-actions">
        {tools}
        {generating ? (
          <button type="button" className="button" onClick={onStop}>
            <Icon name="stop" /> Stop
          </button>
        ) : (
          <button type="submit" className="button button-primary" disabled={!canSend}>
            Send
          </button>
        )}
      </div>
    </form>
  );
}
