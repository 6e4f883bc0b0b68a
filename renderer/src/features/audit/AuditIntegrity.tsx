import { useState } from 'react';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { checkpointText, describeVerification, type VerificationWords } from './auditText.js';

/** Where a check of the trail stands: never run, running, or one end. */
type Check = { state: 'idle' } | { state: 'running' } | { state: 'done'; words: VerificationWords } | { state: 'failed'; error: AppError };

/**
 * Verifying the whole trail (its result in words) and saving a signed checkpoint of its head to keep
 * elsewhere. Both are acts on the trail and are recorded in it: `onRecorded` lets the list show them.
 */
export function AuditIntegrity({ onRecorded }: { onRecorded: () => void }) {
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState('');
  const [saveError, setSaveError] = useState<AppError | null>(null);

  async function verify() {
    setCheck({ state: 'running' });
    const result = await settle(() => enclave().audit.verify({}));
    setCheck(result.ok ? { state: 'done', words: describeVerification(result.value) } : { state: 'failed', error: result.error });
    if (result.ok) onRecorded();
  }

  async function saveCheckpoint() {
    setSaving(true);
    setSaveError(null);
    const result = await settle(() => enclave().audit.saveCheckpoint({}));
    setSaving(false);
    if (!result.ok) setSaveError(result.error);
    // Cancelled in the save dialog: nothing was made, nothing to say.
    else if (result.value) {
      setSaved(checkpointText(result.value));
      onRecorded();
    }
  }

  const running = check.state === 'running';
  return (
    <section className="column-section" aria-labelledby="audit-integrity-title">
      <h2 id="audit-integrity-title">Integrity</h2>
      <p className="muted">
        Each entry carries the hash of the one before it and is sealed with a key the database does not hold, so an entry edited,
        removed, inserted or reordered is found when the trail is checked.
      </p>
      <div className="button-row">
        <button type="button" className="button button-primary" disabled={running} onClick={() => void verify()}>
          {running ? 'Verifying…' : 'Verify the trail'}
        </button>
        <button type="button" className="button" disabled={saving} onClick={() => void saveCheckpoint()}>
          {saving ? 'Saving…' : 'Save checkpoint…'}
        </button>
      </div>
      <div role="status" className="audit-check" data-state={check.state === 'done' ? (check.words.ok ? 'verified' : 'broken') : check.state}>
        {running && (
          <p className="audit-progress">
            <progress aria-label="Verifying the audit trail" />
            <span className="muted">Reading every entry and checking its hash and seal…</span>
          </p>
        )}
        {check.state === 'done' && <VerificationResult words={check.words} />}
      </div>
      {check.state === 'failed' && (
        <InlineAlert error={check.error} prefix="The trail could not be checked" onDismiss={() => setCheck({ state: 'idle' })} />
      )}
      {saveError && <InlineAlert error={saveError} prefix="No checkpoint was saved" onDismiss={() => setSaveError(null)} />}
      <p role="status" className="muted audit-done">
        {saved}
      </p>
    </section>
  );
}

function VerificationResult({ words }: { words: VerificationWords }) {
  return (
    <div className={words.ok ? 'audit-result audit-result-ok' : 'audit-result audit-result-broken'}>
      <p className="audit-result-summary">
        <span className={words.ok ? 'badge audit-badge-ok' : 'badge badge-danger'}>{words.ok ? 'Verified' : 'Does not verify'}</span>{' '}
        {words.summary}
      </p>
      {words.notes.map((note) => (
        <p key={note} className="muted">
          {note}
        </p>
      ))}
    </div>
  );
}
