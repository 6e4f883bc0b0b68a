import { type SubmitEvent, useState } from 'react';
import type { ApiServerStatus } from '@shared/apiServer.js';
import type { AppError } from '@shared/errors.js';
import { CopyButton } from '../../components/CopyButton.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import type { LiveQuery } from '../../lib/useLiveQuery.js';
import { NumberField } from '../settings/NumberField.js';

/** Runs a change to the server and reloads its status (useLiveQuery's `change`). */
export type ApiServerChange = LiveQuery<ApiServerStatus>['change'];

const lowestPort = 1024;
const highestPort = 65535;

/** The port as typed, or why it cannot be used, in plain words. */
function parsePort(text: string): { port: number } | { problem: string } {
  const trimmed = text.trim();
  const port = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || port < lowestPort || port > highestPort) {
    return { problem: `Port: enter a whole number from ${lowestPort} to ${highestPort}.` };
  }
  return { port };
}

/**
 * The server's switch and port. The switch acts at once, as a switch does: it starts or stops the
 * server (and saves a valid port typed with it). A new port alone waits for its Save, so that a
 * half-typed number never restarts a running server; Save restarts it on the new port.
 *
 * The switch shows the user's choice (`status.enabled`), not whether the server runs: a start that
 * failed (a port in use) is switched on but not running, and says why below.
 */
export function ApiServerSwitchForm({ status, change }: { status: ApiServerStatus; change: ApiServerChange }) {
  const [switchedOn, setSwitchedOn] = useState(status.enabled);
  const [portText, setPortText] = useState(String(status.port));
  const [busy, setBusy] = useState(false);
  const [justSaved, setJustSaved] = useState(false);
  const [error, setError] = useState<{ prefix: string; error: AppError } | null>(null);
  const parsed = parsePort(portText);
  const dirty = !('port' in parsed && parsed.port === status.port);

  async function apply(enabled: boolean, prefix: string): Promise<boolean> {
    setBusy(true);
    const port = 'port' in parsed ? parsed.port : undefined;
    const result = await change(() => enclave().apiServer.setEnabled(port === undefined ? { enabled } : { enabled, port }));
    setBusy(false);
    setError(result.ok ? null : { prefix, error: result.error });
    if (!result.ok) return false;
    setSwitchedOn(enabled);
    setPortText(String(result.value.port));
    return true;
  }

  function toggle(enabled: boolean) {
    if (busy) return;
    setJustSaved(false);
    void apply(enabled, enabled ? 'Could not start the local API server' : 'Could not stop the local API server');
  }

  async function savePort(event: SubmitEvent) {
    event.preventDefault();
    if (busy || !('port' in parsed)) return;
    setJustSaved(await apply(switchedOn, 'Could not save the port'));
  }

  const saveWords = busy ? '' : dirty ? 'Unsaved changes' : justSaved ? 'Saved.' : '';
  return (
    <form className="settings-form api-server-form" aria-label="Local API server" onSubmit={(event) => void savePort(event)} noValidate>
      <label className="checkbox api-server-switch">
        <input type="checkbox" role="switch" checked={switchedOn} aria-busy={busy || undefined} onChange={(event) => toggle(event.target.checked)} />
        Serve local models to programs on this computer
      </label>
      <div className="settings-grid settings-grid-wide">
        <NumberField
          id="api-server-port"
          label="Port"
          hint={`From ${lowestPort} to ${highestPort}; programs add it to the address.`}
          value={portText}
          problem={'problem' in parsed ? parsed.problem : null}
          inputMode="numeric"
          onChange={(value) => {
            setPortText(value);
            setJustSaved(false);
          }}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy || !dirty || 'problem' in parsed}>
          {busy ? 'Saving…' : 'Save port'}
        </button>
        <span role="status" className={dirty && !busy ? 'save-status save-status-dirty' : 'save-status muted'}>
          {saveWords}
        </span>
      </div>
      {error && <InlineAlert error={error.error} prefix={error.prefix} />}
      <ServerState status={status} switchedOn={switchedOn} />
    </form>
  );
}

/** Where programs reach the server while it runs, why it does not run although switched on, or that it is off. */
function ServerState({ status, switchedOn }: { status: ApiServerStatus; switchedOn: boolean }) {
  if (status.url) {
    return (
      <div className="api-server-address">
        <p role="status" className="api-server-state">
          <strong>Running.</strong> Programs use this base URL with a client’s token:
        </p>
        <div className="button-row">
          <code className="api-server-url">{status.url}</code>
          <CopyButton text={status.url} what="base URL" />
        </div>
      </div>
    );
  }
  if (switchedOn && status.problem) {
    // The status carries the failed start as a sentence, not as a coded error: shown like one, in place.
    return (
      <div className="inline-alert" role="alert" data-api-server="problem">
        <p className="inline-alert-text">
          <strong>The local API server is not running. </strong>
          {status.problem}
        </p>
      </div>
    );
  }
  return (
    <p role="status" className="muted api-server-state">
      Off: no program can reach the local models through Enclave.
    </p>
  );
}
