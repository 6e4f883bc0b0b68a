import { describeError } from '../../lib/api.js';
import { type RemoteState, useRemote } from './RemoteProvider.js';
import { remoteOptionValue } from './remoteTarget.js';

/**
 * The model picker's remote part: one group per endpoint the machine policy allows, listing the
 * models the endpoint reported. While it is being asked, or when asking failed, the group says so
 * in place of its models; the chosen model stays listed either way, so the choice still shows.
 */
export function RemoteModelOptions() {
  const remote = useRemote();
  const allowed = (remote?.endpoints ?? []).filter((endpoint) => endpoint.allowed);
  if (!remote || allowed.length === 0) return null;
  return (
    <>
      {allowed.map((endpoint) => (
        <optgroup key={endpoint.id} label={`${endpoint.name} (remote)`}>
          <EndpointOptions endpointId={endpoint.id} remote={remote} />
        </optgroup>
      ))}
    </>
  );
}

function EndpointOptions({ endpointId, remote }: { endpointId: string; remote: RemoteState }) {
  const list = remote.modelLists[endpointId] ?? { status: 'loading' };
  const models = list.status === 'ready' ? list.models : [];
  const chosen = remote.selected?.endpointId === endpointId ? remote.selected.model : null;
  const shown = chosen && !models.includes(chosen) ? [chosen, ...models] : models;
  return (
    <>
      {shown.map((model) => (
        <option key={model} value={remoteOptionValue({ endpointId, model })}>
          {model}
        </option>
      ))}
      {list.status === 'loading' && <option disabled>Listing models…</option>}
      {list.status === 'failed' && <option disabled>Could not list models: {describeError(list.error)}</option>}
      {list.status === 'ready' && list.models.length === 0 && <option disabled>This endpoint lists no models</option>}
    </>
  );
}

/** Whether the picker has remote groups to show, so the local models get a group of their own. */
export function useHasRemoteModels(): boolean {
  const remote = useRemote();
  return (remote?.endpoints ?? []).some((endpoint) => endpoint.allowed);
}

/** Whether a remote model can answer now: an allowed endpoint listed at least one model. Chats then need no local model. */
export function useRemoteModelsAvailable(): boolean {
  const remote = useRemote();
  return (remote?.endpoints ?? []).some((endpoint) => {
    const list = endpoint.allowed ? remote?.modelLists[endpoint.id] : undefined;
    return list?.status === 'ready' && list.models.length > 0;
  });
}
