import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { StorageStatus } from '@shared/storage.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatBytes } from '../../lib/format.js';
import { SecretField } from './SecretField.js';
import { useReopeningCall } from './useReopeningCall.js';

interface BackupControlsProps {
  status: StorageStatus;
  /** Says what was done, in the section's status line. */
  onDone: (message: string) => void;
}

/**
 * "Back up…" writes a consistent copy of the database where the user chooses (a save dialog, shown by
 * the app, not the page); "Restore from backup…" puts one in place of everything here, after a warning.
 */
export function BackupControls({ status, onDone }: BackupControlsProps) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<AppError | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [recoveryKey, setRecoveryKey] = useState('');
  const reopening = useReopeningCall();

  async function backUp() {
    setBusy(true);
    setProblem(null);
    const result = await settle(() => enclave().storage.backup({}));
    setBusy(false);
    if (!result.ok) setProblem(result.error);
    else if (result.value) {
      const { path, bytes, encrypted, note } = result.value;
      onDone(`Backed up to ${path} (${formatBytes(bytes)}, ${encrypted ? 'encrypted with this database’s key' : 'not encrypted'}).${note ? ` ${note}` : ''}`);
    }
  }

  async function restore() {
    const key = recoveryKey.trim();
    const result = await reopening.run(() => enclave().storage.restore(key ? { recoveryKey: key } : {}));
    // Cancelled in the file dialog: nothing changed, nothing to reload.
    if (result.ok && result.value.restored) reopening.done();
    return result;
  }

  return (
    <>
      <div className="button-row">
        <button type="button" className="button" disabled={busy} onClick={() => void backUp()}>
          {busy ? 'Backing up…' : 'Back up…'}
        </button>
        <button type="button" className="button button-danger-quiet" onClick={() => setRestoring(true)}>
          Restore from backup…
        </button>
      </div>
      {problem && <InlineAlert error={problem} prefix="The backup was not made" onDismiss={() => setProblem(null)} />}
      <ConfirmDialog
        open={restoring}
        onOpenChange={(open) => {
          setRestoring(open);
          if (open) return;
          setRecoveryKey('');
          reopening.dismissed();
        }}
        title="Replace all data with a backup?"
        description={`Every chat, document and setting here is replaced by the backup you choose next; anything added since it was made is lost. Back up first to keep a copy.${status.encrypted ? ' The restored data is encrypted with this database’s key.' : ''}`}
        confirmLabel="Choose backup and restore"
        busyLabel="Restoring…"
        errorPrefix="Nothing was restored"
        onConfirm={restore}
      >
        <SecretField
          id="restore-recovery-key"
          kind="recovery-key"
          label="Recovery key of the backup (optional)"
          hint="Only for a backup made before a key change or on another computer: the recovery key of the key it was made with."
          value={recoveryKey}
          onChange={setRecoveryKey}
        />
      </ConfirmDialog>
    </>
  );
}
