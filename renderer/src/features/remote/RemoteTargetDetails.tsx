import type { ReactNode } from 'react';
import { useRemote } from './RemoteProvider.js';

/**
 * The details pane while a remote model is chosen: which endpoint answers and under what rules.
 * With a local model chosen it shows `local` (the local model's details) instead.
 */
export function RemoteTargetDetails({ local }: { local: ReactNode }) {
  const remote = useRemote();
  const target = remote?.selected ?? null;
  const endpoint = target ? remote?.endpoints?.find((candidate) => candidate.id === target.endpointId) : undefined;
  if (!target || !endpoint) return <>{local}</>;
  return (
    <div className="model-details">
      <h2 className="details-heading">Model</h2>
      <p className="model-details-name">{target.model}</p>
      <dl className="facts">
        <div className="fact">
          <dt>Runs on</dt>
          <dd>{endpoint.name}, outside this computer</dd>
        </div>
        <div className="fact">
          <dt>Base URL</dt>
          <dd>{endpoint.baseUrl}</dd>
        </div>
      </dl>
      <p className="muted">
        Each message, with the chat’s earlier messages, is checked for sensitive data before it leaves; what the machine
        policy says to redact is replaced, and anything it blocks is not sent.
      </p>
    </div>
  );
}
