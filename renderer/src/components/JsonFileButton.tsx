import { useRef, type ReactNode } from 'react';

interface JsonFileButtonProps {
  children: ReactNode;
  disabled?: boolean;
  /** The button's classes; a full-size button by default. */
  className?: string;
  /** The file types the picker offers; JSON files by default. */
  accept?: string;
  /** Called with the JSON file the user chose; not called when the picker is cancelled. */
  onPick: (file: File) => void;
}

/**
 * A button that opens the system file picker for one JSON file. The input itself stays hidden and out of
 * the tab order, so the visible button is the one control keyboard and screen reader users meet.
 */
export function JsonFileButton({ children, disabled, className = 'button', accept = '.json,application/json', onPick }: JsonFileButtonProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" className={className} disabled={disabled} onClick={() => fileInput.current?.click()}>
        {children}
      </button>
      <input
        ref={fileInput}
        type="file"
        accept={accept}
        hidden
        aria-hidden="true"
        tabIndex={-1}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so that choosing the same file again still fires a change.
          event.target.value = '';
          if (file) onPick(file);
        }}
      />
    </>
  );
}
