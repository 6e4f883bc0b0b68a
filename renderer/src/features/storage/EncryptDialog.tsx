import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { StorageStatus } from '@shared/storage.js';
import { enclave } from '../../lib/api.js';
import { ActionDialog } from './ActionDialog.js';
import { type NewPassphrase, NewPassphraseFields, noNewPassphrase } from './NewPassphraseFields.js';
import { encryptPassphraseOf, newPassphraseProblem } from './storageText.js';
import { useReopeningCall } from './useReopeningCall.js';

interface EncryptDialogProps {
  status: StorageStatus;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}

/**
 * "Encrypt now": rewrites the plain database encrypted under a new key, which the OS keychain keeps
 * and, when the user gives one, a passphrase too (the only keeper when there is no keychain).
 */
export function EncryptDialog({ status, open, onOpenChange }: EncryptDialogProps) {
  const need = encryptPassphraseOf(status);
  const [fields, setFields] = useState<NewPassphrase>(noNewPassphrase);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const reopening = useReopeningCall();
  const typed = fields.passphrase !== '' || fields.repeated !== '';
  const problem = need === 'required' || typed ? newPassphraseProblem(fields.passphrase, fields.repeated) : null;

  async function encrypt() {
    setBusy(true);
    const result = await reopening.run(() => enclave().storage.encrypt(typed ? { passphrase: fields.passphrase } : {}));
    setBusy(false);
    setFields(noNewPassphrase);
    if (result.ok) reopening.done();
    else setError(result.error);
  }

  return (
    <ActionDialog
      open={open}
      onOpenChange={(next) => {
        onOpenChange(next);
        if (next) return;
        setFields(noNewPassphrase);
        setError(null);
        reopening.dismissed();
      }}
      title="Encrypt the database?"
      description={descriptionOf(need)}
      submitLabel="Encrypt now"
      busyLabel="Encrypting…"
      busyNote="Rewriting every page of the database; keep Enclave open until it finishes."
      busy={busy}
      submitBlocked={problem !== null || need === 'impossible'}
      error={error}
      errorPrefix="The database was not encrypted"
      onSubmit={() => void encrypt()}
    >
      {(need === 'optional' || need === 'required') && (
        <NewPassphraseFields
          label={need === 'optional' ? 'Passphrase (optional)' : 'Passphrase'}
          autoFocus
          value={fields}
          problem={problem}
          onChange={setFields}
        />
      )}
    </ActionDialog>
  );
}

function descriptionOf(need: ReturnType<typeof encryptPassphraseOf>): string {
  const rewrite = 'Enclave rewrites every chat, document and index encrypted with AEGIS-256 under a new random key, then opens it again.';
  switch (need) {
    case 'optional':
      return `${rewrite} The OS keychain keeps the key. Add a passphrase to open the data where there is no keychain (the command line, another computer).`;
    case 'not-offered':
      return `${rewrite} The OS keychain keeps the key (the machine policy allows no passphrase).`;
    case 'required':
      return `${rewrite} There is no OS keychain on this computer, so a passphrase keeps the key: you will type it each time Enclave starts.`;
    case 'impossible':
      return 'There is no OS keychain on this computer to keep a key, and the machine policy allows no passphrase, so the database cannot be encrypted here. Ask IT to set up a keychain (on Linux, a secret service).';
  }
}
