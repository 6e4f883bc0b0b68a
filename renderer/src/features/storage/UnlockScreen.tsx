import { type SubmitEvent, useRef, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { Icon } from '../../components/Icon.js';
import { describeError, enclave, settle } from '../../lib/api.js';
import { windowReload } from '../../lib/windowReload.js';
import { SecretField } from './SecretField.js';
import type { LockReason } from './storageText.js';
import '../../components/forms.css';
import './storage.css';

interface UnlockScreenProps {
  /** Why core could not open the data at start (a storage-* error). */
  error: AppError;
  reason: LockReason;
  databasePath: string | null;
}

type Method = 'passphrase' | 'recovery-key';

/**
 * The whole window while the data is locked: why, and a passphrase field (or the recovery key, when a
 * passphrase cannot help). A wrong answer is said in place and the field is cleared for the next try;
 * the right one makes core reopen the database, and the window loads afresh into the app.
 */
export function UnlockScreen({ error, reason, databasePath }: UnlockScreenProps) {
  const [method, setMethod] = useState<Method>(reason.passphraseHelps ? 'passphrase' : 'recovery-key');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<AppError | null>(null);
  const field = useRef<HTMLInputElement>(null);

  async function unlock(event: SubmitEvent) {
    event.preventDefault();
    if (secret === '' || busy) return;
    setBusy(true);
    const given = secret;
    const result = await settle(() => enclave().storage.unlock(method === 'passphrase' ? { passphrase: given } : { recoveryKey: given }));
    if (result.ok) {
      // Core says storage.changed too; reloading here as well does not depend on hearing it.
      windowReload.request();
      return;
    }
    setBusy(false);
    setFailure(result.error);
    setSecret('');
    field.current?.focus();
  }

  function switchTo(next: Method) {
    setMethod(next);
    setSecret('');
    setFailure(null);
  }

  const label = method === 'passphrase' ? 'Passphrase' : 'Recovery key';
  return (
    <main className="unlock-screen">
      <div className="unlock-card">
        <h1>
          <Icon name="lock" /> Enclave is locked
        </h1>
        <p className="unlock-lead">{reason.lead}</p>
        <form className="settings-form" aria-label={`Unlock with the ${label.toLowerCase()}`} noValidate onSubmit={(event) => void unlock(event)}>
          <SecretField
            key={method}
            id={`unlock-${method}`}
            kind={method === 'passphrase' ? 'passphrase' : 'recovery-key'}
            label={label}
            hint={method === 'recovery-key' ? '68 characters in 9 groups (digits and the letters a to f), as IT gave it to you. Case, spaces and dashes do not matter.' : undefined}
            autoFocus
            inputRef={field}
            value={secret}
            onChange={setSecret}
          />
          {failure && <InlineAlert error={failure} prefix="Still locked" />}
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={busy || secret === ''}>
              {busy ? 'Unlocking…' : 'Unlock'}
            </button>
            <span role="status" className="muted">
              {busy ? 'Opening the data…' : ''}
            </span>
          </div>
        </form>
        {reason.passphraseHelps && (
          <button type="button" className="button button-quiet unlock-switch" onClick={() => switchTo(method === 'passphrase' ? 'recovery-key' : 'passphrase')}>
            {method === 'passphrase' ? 'Use recovery key' : 'Use passphrase'}
          </button>
        )}
        <details className="unlock-details">
          <summary>Details for IT</summary>
          <p>{describeError(error)}</p>
          {databasePath && (
            <p>
              Database: <code>{databasePath}</code>
            </p>
          )}
        </details>
      </div>
    </main>
  );
}
