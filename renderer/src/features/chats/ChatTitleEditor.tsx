import { useRef, useState } from 'react';
import { maxTitleCharacters } from '../../../../electron/shared/limits.js';

interface ChatTitleEditorProps {
  initialTitle: string;
  onSave(title: string): void;
  onCancel(): void;
}

/** Inline title field: Enter (or leaving the field) saves, Escape cancels, an empty title is not saved. */
export function ChatTitleEditor({ initialTitle, onSave, onCancel }: ChatTitleEditorProps) {
  const [title, setTitle] = useState(initialTitle);
  // Enter or Escape unmounts the field, which may also blur it: settle only once.
  const finished = useRef(false);

  function finish(save: boolean) {
    if (finished.current) return;
    finished.current = true;
    const trimmed = title.trim();
    if (save && trimmed.length > 0) onSave(trimmed);
    else onCancel();
  }

  return (
    <input
      className="chat-title-input"
      aria-label="Chat title"
      value={title}
      maxLength={maxTitleCharacters}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setTitle(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          finish(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          finish(false);
        }
      }}
    />
  );
}
