import { useState } from 'react';

interface CopyButtonProps {
  text: string;
  /** What is copied, for the accessible name: "Copy SHA-256". */
  what: string;
}

/** Copies `text` to the clipboard and says so for a moment; says so too when the clipboard refuses. */
export function CopyButton({ text, what }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 2000);
  }

  return (
    <span className="copy-button">
      <button type="button" className="button button-small" onClick={() => void copy()}>
        Copy<span className="visually-hidden"> {what}</span>
      </button>
      <span role="status" className="muted">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Select the text and copy it by hand' : ''}
      </span>
    </span>
  );
}
