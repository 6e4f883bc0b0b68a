import { type ReactNode, type SubmitEvent, useState } from 'react';
import type { ChannelInput } from '@shared/contract.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';

type KeySource = 'keychain' | 'env' | 'none';

interface AddEndpointFormProps {
  /** The base URLs the machine policy allows, offered as suggestions. */
  allowedUrls: string[];
  onAdded: () => Promise<void>;
}

const emptyFields = { name: '', baseUrl: '', apiKey: '', apiKeyEnv: '' };

/**
 * Adds an OpenAI-compatible endpoint: a name, its base URL (the policy must allow it) and where its
 * API key comes from: typed here and kept in the OS keychain, read from an environment variable at
 * each request, or none (an internal server without keys).
 */
export function AddEndpointForm({ allowedUrls, onAdded }: AddEndpointFormProps) {
  const [fields, setFields] = useState(emptyFields);
  const [keySource, setKeySource] = useState<KeySource>('keychain');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  const [added, setAdded] = useState<string | null>(null);
  const problem = formProblem(fields, keySource);

  function change(field: keyof typeof emptyFields, value: string) {
    setFields({ ...fields, [field]: value });
    setAdded(null);
  }

  async function add(event: SubmitEvent) {
    event.preventDefault();
    if (problem) return;
    const input: ChannelInput<'endpoints.add'> = { name: fields.name.trim(), baseUrl: fields.baseUrl.trim() };
    if (keySource === 'keychain') input.apiKey = fields.apiKey;
    if (keySource === 'env') input.apiKeyEnv = fields.apiKeyEnv.trim();
    setBusy(true);
    const result = await settle(() => enclave().endpoints.add(input));
    setBusy(false);
    setError(result.ok ? null : result.error);
    if (!result.ok) return;
    // The key leaves the form's memory as soon as core has it.
    setFields(emptyFields);
    setAdded(result.value.name);
    await onAdded();
  }

  return (
    <form className="settings-form add-endpoint" aria-label="Add an endpoint" onSubmit={(event) => void add(event)} noValidate>
      <h4>Add an endpoint</h4>
      <fieldset className="plain-fieldset" disabled={busy}>
        <div className="settings-grid settings-grid-wide">
          <TextField id="endpoint-name" label="Name" value={fields.name} onChange={(value) => change('name', value)}>
            How chats and the usage page name it, e.g. “Internal vLLM”.
          </TextField>
          <TextField
            id="endpoint-url"
            label="Base URL"
            type="url"
            suggestions={allowedUrls}
            spellCheck={false}
            value={fields.baseUrl}
            onChange={(value) => change('baseUrl', value)}
          >
            One of the addresses the policy allows, suggested as you type.
          </TextField>
        </div>
        <fieldset className="key-source">
          <legend>API key</legend>
          <label className="radio">
            <input type="radio" name="key-source" checked={keySource === 'keychain'} onChange={() => setKeySource('keychain')} />
            Enter the key (kept in the OS keychain)
          </label>
          <label className="radio">
            <input type="radio" name="key-source" checked={keySource === 'env'} onChange={() => setKeySource('env')} />
            Read it from an environment variable
          </label>
          <label className="radio">
            <input type="radio" name="key-source" checked={keySource === 'none'} onChange={() => setKeySource('none')} />
            No key
          </label>
        </fieldset>
        {keySource === 'keychain' && (
          <TextField id="endpoint-key" label="Key" type="password" value={fields.apiKey} onChange={(value) => change('apiKey', value)}>
            Encrypted with the operating system’s keychain; never written to logs or shown again.
          </TextField>
        )}
        {keySource === 'env' && (
          <TextField id="endpoint-key-env" label="Variable name" spellCheck={false} value={fields.apiKeyEnv} onChange={(value) => change('apiKeyEnv', value)}>
            Read when each request is sent, e.g. OPENAI_API_KEY.
          </TextField>
        )}
        <div className="form-actions">
          <button type="submit" className="button button-primary" disabled={problem !== null}>
            {busy ? 'Adding…' : 'Add endpoint'}
          </button>
          <span role="status" className="muted">
            {added ? `Added ${added}.` : ''}
          </span>
        </div>
      </fieldset>
      {error && <InlineAlert error={error} prefix="The endpoint was not added" />}
    </form>
  );
}

/** What is still missing before the form can be sent; core checks the rest (URL, policy, name taken). */
function formProblem(fields: typeof emptyFields, keySource: KeySource): string | null {
  if (fields.name.trim() === '') return 'name';
  if (fields.baseUrl.trim() === '') return 'url';
  if (keySource === 'keychain' && fields.apiKey === '') return 'key';
  if (keySource === 'env' && fields.apiKeyEnv.trim() === '') return 'env';
  return null;
}

interface TextFieldProps {
  id: string;
  label: string;
  type?: 'text' | 'url' | 'password';
  value: string;
  /** Values offered as the user types (a datalist); the field still takes any text. */
  suggestions?: string[];
  spellCheck?: boolean;
  onChange: (value: string) => void;
  /** The hint under the field, which the field names as its description. */
  children: ReactNode;
}

/** One labelled text field of the form with its hint; no autofill, since these are not the user's own details. */
function TextField({ id, label, type = 'text', value, suggestions, spellCheck, onChange, children }: TextFieldProps) {
  return (
    <div className="setting-field">
      <label htmlFor={id}>{label}</label>
      <input
        className="text-input"
        id={id}
        type={type}
        list={suggestions && `${id}-suggestions`}
        autoComplete="off"
        spellCheck={spellCheck}
        value={value}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.value)}
      />
      {suggestions && (
        <datalist id={`${id}-suggestions`}>
          {suggestions.map((suggestion) => (
            <option key={suggestion} value={suggestion} />
          ))}
        </datalist>
      )}
      <p id={`${id}-hint`} className="field-hint">
        {children}
      </p>
    </div>
  );
}
