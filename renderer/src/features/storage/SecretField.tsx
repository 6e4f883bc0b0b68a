import type { Ref } from 'react';

interface SecretFieldProps {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Shown under the field, unless there is a problem to show there instead. */
  hint?: string | undefined;
  /** Why the value cannot be used, in plain words; null when it can. */
  problem?: string | null | undefined;
  /** A passphrase is hidden as it is typed; a recovery key is read off paper, so it shows. */
  kind: 'passphrase' | 'new-passphrase' | 'recovery-key';
  autoFocus?: boolean | undefined;
  inputRef?: Ref<HTMLInputElement> | undefined;
}

/**
 * A labelled field for a secret: a passphrase (hidden) or a recovery key (shown, since it is copied
 * from a printout). Never spell-checked, which would send it to a dictionary service.
 */
export function SecretField({ id, label, value, onChange, hint, problem, kind, autoFocus, inputRef }: SecretFieldProps) {
  const note = problem ?? hint;
  return (
    <div className="setting-field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={inputRef}
        className="text-input secret-input"
        id={id}
        type={kind === 'recovery-key' ? 'text' : 'password'}
        autoComplete={kind === 'passphrase' ? 'current-password' : kind === 'new-passphrase' ? 'new-password' : 'off'}
        autoCapitalize="off"
        spellCheck={false}
        // The one thing to type on the screen or in the dialog it opens in: where typing goes first.
        autoFocus={autoFocus}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={note ? `${id}-note` : undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {note && (
        <p id={`${id}-note`} className={problem ? 'field-error' : 'field-hint'}>
          {note}
        </p>
      )}
    </div>
  );
}
