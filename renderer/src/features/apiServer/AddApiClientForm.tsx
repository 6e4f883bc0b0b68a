import { type RefObject, type SubmitEvent, useEffect, useRef, useState } from 'react';
import { apiClientNameSchema, type ApiTokenCreated } from '@shared/apiServer.js';
import type { AppError } from '@shared/errors.js';
import { CopyButton } from '../../components/CopyButton.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import type { ApiServerChange } from './ApiServerSwitchForm.js';

/** The name field's id, where focus goes once the client it would have revoked is gone. */
export const clientNameFieldId = 'api-client-name';
const tokenFieldId = 'api-client-token';

/** Why the typed name cannot be used (the shared schema's words), or null; an empty field is not yet a problem. */
function nameProblem(name: string): string | null {
  if (name.trim() === '') return null;
  const parsed = apiClientNameSchema.safeParse(name);
  return parsed.success ? null : `Name: ${parsed.error.issues[0]?.message ?? 'not a name Enclave can use'}.`;
}

/**
 * Adds a client: a name (what the audit trail shows for its requests), then its token, shown here
 * once in a read-only field to copy. Enclave keeps only the token's hash, so it cannot be shown again;
 * a lost token is revoked and a new client added.
 */
export function AddApiClientForm({ change }: { change: ApiServerChange }) {
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [created, setCreated] = useState<ApiTokenCreated | null>(null);
  const tokenField = useRef<HTMLInputElement>(null);
  const problem = nameProblem(name);

  // The new token takes focus, selected, so it is heard at once and can be copied from the keyboard.
  useEffect(() => {
    tokenField.current?.focus();
    tokenField.current?.select();
  }, [created]);

  async function add(event: SubmitEvent) {
    event.preventDefault();
    if (busy || problem !== null || name.trim() === '') return;
    setBusy(true);
    const result = await change(() => enclave().apiServer.addToken({ name: name.trim() }));
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (!result.ok) return;
    setName('');
    setCreated(result.value);
  }

  // The Done button goes with the token; focus goes back to the name, ready for the next client.
  function done() {
    setCreated(null);
    document.getElementById(clientNameFieldId)?.focus();
  }

  return (
    <form className="settings-form api-client-form" aria-label="Add a client" onSubmit={(event) => void add(event)} noValidate>
      <h4>Add a client</h4>
      <div className="settings-grid settings-grid-wide">
        <div className="setting-field">
          <label htmlFor={clientNameFieldId}>Name</label>
          <input
            className="text-input"
            id={clientNameFieldId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={name}
            aria-invalid={problem ? true : undefined}
            aria-describedby={`${clientNameFieldId}-hint`}
            onChange={(event) => setName(event.target.value)}
          />
          <p id={`${clientNameFieldId}-hint`} className={problem ? 'field-error' : 'field-hint'}>
            {problem ?? 'The program, as the audit trail names its requests, e.g. “Notebook”.'}
          </p>
        </div>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || problem !== null || name.trim() === ''}>
          {busy ? 'Adding…' : 'Add client'}
        </button>
      </div>
      {error && <InlineAlert error={error} prefix="The client was not added" />}
      {created && <NewToken created={created} field={tokenField} onDone={done} />}
    </form>
  );
}

interface NewTokenProps {
  created: ApiTokenCreated;
  field: RefObject<HTMLInputElement | null>;
  onDone: () => void;
}

/** The token just made, once: read-only, to copy, with why it will not be shown again. */
function NewToken({ created, field, onDone }: NewTokenProps) {
  return (
    <div className="api-new-token" role="group" aria-label={`New token for ${created.name}`}>
      <div className="setting-field">
        <label htmlFor={tokenFieldId}>Token for {created.name}</label>
        <div className="button-row">
          <input
            ref={field}
            className="text-input api-token-value"
            id={tokenFieldId}
            type="text"
            readOnly
            spellCheck={false}
            value={created.token}
            aria-describedby={`${tokenFieldId}-hint`}
          />
          <CopyButton text={created.token} what={`token for ${created.name}`} />
        </div>
        <p id={`${tokenFieldId}-hint`} className="field-hint">
          Shown once; Enclave keeps only its hash. Give it to the program as its API key (a bearer token).
        </p>
      </div>
      <div className="form-actions">
        <button type="button" className="button" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
