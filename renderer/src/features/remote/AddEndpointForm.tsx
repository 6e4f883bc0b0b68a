import { type FormEvent, useState } from 'react';
import type { ChannelInput } from '../../../../electron/shared/contract.js';
import type { AppError } from '../../../../electron/shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';

type KeySource = 'keychain' | 'env' | 'none';

interface AddEndpointFormProps {
  /** The base URLs the machine policy allows, offered as suggestions. */
  allowedUrls: string[];
  /** Why adding is impossible (the policy is offline), or null. */
  disabledReason: string | null;
  onAdded(): Promise<void>;
}

const emptyFields = { name: '', baseUrl: '', apiKey: '', apiKeyEnv: '' };

/**
 * Adds an OpenAI-compatible endpoint: a name, its base URL (the policy must allow it) and where its
 * API key comes from: typed here and kept in the OS keychain, read from an environment variable at
 * each request, or none (an internal server without keys).
 */
export function AddEndpointForm({ allowedUrls, disabledReason, onAdded }: AddEndpointFormProps) {
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

  async function add(event: FormEvent) {
    event.preventDefault();
    if (problem || disabledReason) return;
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
      <h3>Add an endpoint</h3>
      {disabledReason && <p className="muted">{disabledReason}</p>}
      <fieldset className="plain-fieldset" disabled={disabledReason !== null || busy}>
        <div className="settings-grid settings-grid-wide">
          <div className="setting-field">
            <label htmlFor="endpoint-name">Name</label>
            <input
              className="text-input"
              id="endpoint-name"
              type="text"
              autoComplete="off"
              value={fields.name}
              aria-describedby="endpoint-name-hint"
              onChange={(event) => change('name', event.target.value)}
            />
            <p id="endpoint-name-hint" className="field-hint">
              How chats and the usage page name it, e.g. “Internal vLLM”.
            </p>
          </div>
          <div className="setting-field">
            <label htmlFor="endpoint-url">Base URL</label>
            <input
              className="text-input"
              id="endpoint-url"
              type="url"
              list="endpoint-url-suggestions"
              autoComplete="off"
              spellCheck={false}
              value={fields.baseUrl}
              aria-describedby="endpoint-url-hint"
              onChange={(event) => change('baseUrl', event.target.value)}
            />
            <datalist id="endpoint-url-suggestions">
              {allowedUrls.map((url) => (
                <option key={url} value={url} />
              ))}
            </datalist>
            <p id="endpoint-url-hint" className="field-hint">
              Must be one the policy allows, e.g. https://llm.internal.example/v1.
            </p>
          </div>
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
          <div className="setting-field">
            <label htmlFor="endpoint-key">Key</label>
            <input
              className="text-input"
              id="endpoint-key"
              type="password"
              autoComplete="off"
              value={fields.apiKey}
              aria-describedby="endpoint-key-hint"
              onChange={(event) => change('apiKey', event.target.value)}
            />
            <p id="endpoint-key-hint" className="field-hint">
              Encrypted with the operating system’s keychain; never written to logs or shown again.
            </p>
          </div>
        )}
        {keySource === 'env' && (
          <div className="setting-field">
            <label htmlFor="endpoint-key-env">Variable name</label>
            <input
              className="text-input"
              id="endpoint-key-env"
              type="text"
              autoComplete="off"
              spellCheck={false}
              value={fields.apiKeyEnv}
              aria-describedby="endpoint-key-env-hint"
              onChange={(event) => change('apiKeyEnv', event.target.value)}
            />
            <p id="endpoint-key-env-hint" className="field-hint">
              Read when each request is sent, e.g. OPENAI_API_KEY.
            </p>
          </div>
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
