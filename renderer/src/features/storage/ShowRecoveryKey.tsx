import { useState } from 'react';
import type { AppError, Result } from '@shared/errors.js';
import { enclave } from '../../lib/api.js';
import { ActionDialog } from './ActionDialog.js';
import { RecoveryKeyDialog } from './RecoveryKeyDialog.js';

interface ShowRecoveryKeyProps {
  /** Whether the current key's recovery key can still be shown (it is shown once). */
  available: boolean;
  /** Runs the request and reads the status again (the Data section's live query). */
  change: <R>(call: () => Promise<Result<R>>) => Promise<Result<R>>;
  /** Where keyboard focus goes once the key is put away (the button is gone by then). */
  returnFocus: () => void;
}

/**
 * "Show recovery key…": first says that it is shown once and what it is for, then shows it. Kept
 * mounted while the key is on screen, though the status then says it was shown and the button goes.
 */
export function ShowRecoveryKey({ available, change, returnFocus }: ShowRecoveryKeyProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [recoveryKey, setRecoveryKey] = useState<string | null>(null);

  async function reveal() {
    setBusy(true);
    const result = await change(() => enclave().storage.recoveryKey());
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (!result.ok) return;
    setAsking(false);
    setRecoveryKey(result.value.recoveryKey);
  }

  return (
    <>
      {available && (
        <button type="button" className="button" onClick={() => setAsking(true)}>
          Show recovery key…
        </button>
      )}
      <ActionDialog
        open={asking}
        onOpenChange={(open) => {
          setAsking(open);
          if (!open) setError(null);
        }}
        title="Show the recovery key?"
        description="The recovery key opens your data when neither the OS keychain nor a passphrase can, for example after a new computer or a forgotten passphrase. Enclave shows it only once: have IT ready to escrow it, or a safe place to store it."
        submitLabel="Show recovery key"
        busyLabel="Reading the key…"
        busy={busy}
        error={error}
        errorPrefix="The recovery key was not shown"
        onSubmit={() => void reveal()}
      />
      <RecoveryKeyDialog
        recoveryKey={recoveryKey}
        note="Anyone with this key and a copy of the database can read it. Enclave will not show it again; to get a new one, change the key."
        onClose={() => setRecoveryKey(null)}
        returnFocus={returnFocus}
      />
    </>
  );
}
