import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { StorageStatus } from '@shared/storage.js';
import { enclave } from '../../lib/api.js';
import { ActionDialog } from './ActionDialog.js';
import { RecoveryKeyDialog } from './RecoveryKeyDialog.js';
import { SecretField } from './SecretField.js';
import { useReopeningCall } from './useReopeningCall.js';

interface RekeyDialogProps {
  status: StorageStatus;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocus: () => void;
}

/**
 * "Change key": a new random key, every page re-encrypted under it, kept as the old one was (keychain,
 * passphrase). A recovery key already given out would open nothing any more, so a new one is shown
 * then (and on request); the window reloads only after the user has put it away.
 */
export function RekeyDialog({ status, open, onOpenChange, returnFocus }: RekeyDialogProps) {
  const needsPassphrase = status.protectedBy.passphrase;
  const recoveryWasShown = status.recoveryKeyShownAt !== null;
  const [passphrase, setPassphrase] = useState('');
  const [showRecoveryKey, setShowRecoveryKey] = useState(recoveryWasShown);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);
  const reopening = useReopeningCall();

  async function rekey() {
    setBusy(true);
    const result = await reopening.run(() =>
      enclave().storage.rekey({ ...(needsPassphrase ? { passphrase } : {}), showRecoveryKey: showRecoveryKey || recoveryWasShown }),
    );
    setBusy(false);
    setPassphrase('');
    if (!result.ok) {
      setError(result.error);
      return;
    }
    if (result.value.recoveryKey === null) {
      reopening.done();
      return;
    }
    onOpenChange(false);
    setRecoveryKey(result.value.recoveryKey);
  }

  return (
    <>
      <ActionDialog
        open={open}
        onOpenChange={(next) => {
          onOpenChange(next);
          if (next) return;
          setPassphrase('');
          setError(null);
          if (recoveryKey === null) reopening.dismissed();
        }}
        title="Change the database key?"
        description="Enclave makes a new random key and re-encrypts every chat, document and index with it, then opens the data again. Someone who copied the old key file can no longer open your data."
        submitLabel="Change key"
        busyLabel="Re-encrypting…"
        busyNote="Rewriting every page of the database; keep Enclave open until it finishes."
        busy={busy}
        submitBlocked={needsPassphrase && passphrase === ''}
        error={error}
        errorPrefix="The key was not changed"
        onSubmit={() => void rekey()}
      >
        {needsPassphrase && (
          <SecretField
            id="rekey-passphrase"
            kind="passphrase"
            label="Current passphrase"
            hint="It keeps protecting the new key."
            autoFocus
            value={passphrase}
            onChange={setPassphrase}
          />
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            checked={showRecoveryKey || recoveryWasShown}
            disabled={recoveryWasShown}
            aria-describedby="rekey-recovery-note"
            onChange={(event) => setShowRecoveryKey(event.target.checked)}
          />
          Show the new recovery key
        </label>
        <p id="rekey-recovery-note" className="field-hint">
          {recoveryWasShown
            ? 'The recovery key you were given stops working, so the new one is shown once the key is changed.'
            : 'No recovery key of the current key was shown; you can show the new key’s later instead.'}
        </p>
      </ActionDialog>
      <RecoveryKeyDialog
        recoveryKey={recoveryKey}
        note={
          <p>
            <strong>The old recovery key no longer opens the data.</strong> Give this one to IT; keep the old one only for backups made before this change.
          </p>
        }
        onClose={() => {
          setRecoveryKey(null);
          reopening.done();
        }}
        returnFocus={returnFocus}
      />
    </>
  );
}
