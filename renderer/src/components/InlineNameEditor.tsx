import { useRef, useState } from 'react';

interface InlineNameEditorProps {
  initialName: string;
  /** The field's accessible name: "Chat title", "Collection name". */
  label: string;
  maxLength: number;
  className: string;
  onSave: (name: string) => void;
  onCancel: () => void;
}

/** Inline name field: Enter (or leaving the field) saves, Escape cancels, an empty name is not saved. */
export function InlineNameEditor({ initialName, label, maxLength, className, onSave, onCancel }: InlineNameEditorProps) {
  const [name, setName] = useState(initialName);
  // Enter or Escape unmounts the field, which may also blur it: settle only once.
  const finished = useRef(false);

  function finish(save: boolean) {
    if (finished.current) return;
    finished.current = true;
    const trimmed = name.trim();
    if (save && trimmed.length > 0) onSave(trimmed);
    else onCancel();
  }

  return (
    <input
      className={className}
      aria-label={label}
      value={name}
      maxLength={maxLength}
      autoFocus
      onFocus={(event) => event.currentTarget.select()}
      onChange={(event) => setName(event.target.value)}
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
