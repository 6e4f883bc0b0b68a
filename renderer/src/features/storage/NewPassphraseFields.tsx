import { minimumPassphraseLength } from './storageText.js';
import { SecretField } from './SecretField.js';

export interface NewPassphrase {
  passphrase: string;
  repeated: string;
}

export const noNewPassphrase: NewPassphrase = { passphrase: '', repeated: '' };

interface NewPassphraseFieldsProps {
  value: NewPassphrase;
  onChange: (value: NewPassphrase) => void;
  /** Why it cannot be used yet, shown once the second field has been typed in; null when it can. */
  problem: string | null;
  label?: string;
  autoFocus?: boolean;
}

/** A new passphrase typed twice, hidden, so a typo cannot lock the user out. */
export function NewPassphraseFields({ value, onChange, problem, label = 'New passphrase', autoFocus }: NewPassphraseFieldsProps) {
  return (
    <>
      <SecretField
        id="new-passphrase"
        kind="new-passphrase"
        label={label}
        hint={`At least ${minimumPassphraseLength} characters. A sentence is easier to remember than a jumble.`}
        autoFocus={autoFocus}
        value={value.passphrase}
        onChange={(passphrase) => onChange({ ...value, passphrase })}
      />
      <SecretField
        id="new-passphrase-repeated"
        kind="new-passphrase"
        label="Type it again"
        problem={value.repeated === '' ? null : problem}
        value={value.repeated}
        onChange={(repeated) => onChange({ ...value, repeated })}
      />
    </>
  );
}
