import { useState } from 'react';
import type { AppError, Result } from '@shared/errors.js';
import type { StorageStatus } from '@shared/storage.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { enclave } from '../../lib/api.js';
import { ActionDialog } from './ActionDialog.js';
import { type NewPassphrase, NewPassphraseFields, noNewPassphrase } from './NewPassphraseFields.js';
import { newPassphraseProblem } from './storageText.js';

interface PassphraseControlsProps {
  status: StorageStatus;
  /** Runs the request and reads the status again (the Data section's live query). */
  change: <R>(call: () => Promise<Result<R>>) => Promise<Result<R>>;
  /** Says what was done, in the section's status line. */
  onDone: (message: string) => void;
}

/**
 * Set, change or remove the passphrase that (beside the keychain) keeps the key. Only the key's
 * wrapping changes, not the database, so nothing reloads. Setting one is hidden when the policy
 * allows the keychain only; removing is offered only while the keychain keeps the key too.
 */
export function PassphraseControls({ status, change, onDone }: PassphraseControlsProps) {
  const hasPassphrase = status.protectedBy.passphrase;
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [fields, setFields] = useState<NewPassphrase>(noNewPassphrase);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const problem = newPassphraseProblem(fields.passphrase, fields.repeated);

  function close() {
    setEditing(false);
    setFields(noNewPassphrase);
    setError(null);
  }

  async function save() {
    setBusy(true);
    const result = await change(() => enclave().storage.setPassphrase({ passphrase: fields.passphrase }));
    setBusy(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    close();
    onDone(hasPassphrase ? 'The passphrase was changed.' : 'The passphrase was set: it opens the data where the keychain cannot.');
  }

  return (
    <>
      {status.policy.allowPassphrase && (
        <button type="button" className="button" onClick={() => setEditing(true)}>
          {hasPassphrase ? 'Change passphrase…' : 'Set passphrase…'}
        </button>
      )}
      {hasPassphrase && status.protectedBy.keychain && (
        <button type="button" className="button" onClick={() => setRemoving(true)}>
          Remove passphrase…
        </button>
      )}
      <ActionDialog
        open={editing}
        onOpenChange={(open) => (open ? setEditing(true) : close())}
        title={hasPassphrase ? 'Change the passphrase' : 'Set a passphrase'}
        description={
          hasPassphrase
            ? 'The new passphrase replaces the old one, which stops working at once.'
            : 'A passphrase opens your data where the OS keychain cannot: on the command line, or on a computer without a keychain. The keychain keeps working as well.'
        }
        submitLabel={hasPassphrase ? 'Change passphrase' : 'Set passphrase'}
        busyLabel="Saving…"
        busy={busy}
        submitBlocked={problem !== null}
        error={error}
        errorPrefix="The passphrase was not saved"
        onSubmit={() => void save()}
      >
        <NewPassphraseFields autoFocus value={fields} problem={problem} onChange={setFields} />
      </ActionDialog>
      <ConfirmDialog
        open={removing}
        onOpenChange={setRemoving}
        title="Remove the passphrase?"
        description="Only the OS keychain will open your data. The command line, and any computer without this keychain, will then need the recovery key."
        confirmLabel="Remove passphrase"
        busyLabel="Removing…"
        errorPrefix="The passphrase was not removed"
        onConfirm={async () => {
          const result = await change(() => enclave().storage.setPassphrase({ passphrase: null }));
          if (result.ok) onDone('The passphrase was removed: the OS keychain alone keeps the key.');
          return result;
        }}
      />
    </>
  );
}
