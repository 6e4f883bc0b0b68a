interface NumberFieldProps {
  id: string;
  label: string;
  /** Shown under the field, unless there is a problem to show there instead. */
  hint: string;
  value: string;
  /** Why the value cannot be saved, in plain words; null when it can. */
  problem: string | null;
  /** Which on-screen keyboard suits the number: whole ("numeric") or with a point ("decimal"). */
  inputMode: 'numeric' | 'decimal';
  placeholder?: string | undefined;
  onChange: (value: string) => void;
}

/** A number typed as text, so that a half-typed value stays on screen and is explained rather than refused. */
export function NumberField({ id, label, hint, value, problem, inputMode, placeholder, onChange }: NumberFieldProps) {
  return (
    <div className="setting-field">
      <label htmlFor={id}>{label}</label>
      <input
        className="text-input"
        id={id}
        type="text"
        inputMode={inputMode}
        placeholder={placeholder}
        value={value}
        aria-invalid={problem ? true : undefined}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-hint`} className={problem ? 'field-error' : 'field-hint'}>
        {problem ?? hint}
      </p>
    </div>
  );
}
