import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import type { AppError, Result } from '@shared/errors.js';
import type { EndpointInfo, PolicyStatus } from '@shared/remote.js';
import { enclave, settle } from '../../lib/api.js';
import { readSelectedRemote, type RemoteTarget, writeSelectedRemote } from './remoteTarget.js';

/** What an endpoint said when asked for its models: the picker shows a failure in place of the list. */
export type EndpointModels =
  | { status: 'loading' }
  | { status: 'ready'; models: string[]; latencyMs: number }
  | { status: 'failed'; error: AppError };

export interface RemoteState {
  /** null until the first answer. */
  policy: PolicyStatus | null;
  endpoints: EndpointInfo[] | null;
  /** Why the policy or the endpoints could not be read. */
  error: AppError | null;
  reload: () => Promise<void>;
  /** Each allowed endpoint's models, asked once and kept until tested again. */
  modelLists: Readonly<Record<string, EndpointModels>>;
  /** Asks the endpoint for its models now: a live test of address, policy and key; the picker's list follows. */
  testEndpoint: (endpointId: string) => Promise<Result<{ models: string[]; latencyMs: number }>>;
  /** The remote model new messages go to; null when a local model is chosen. */
  selected: RemoteTarget | null;
  select: (target: RemoteTarget | null) => void;
}

const RemoteContext = createContext<RemoteState | null>(null);

/** The remote state of the window, or null outside a RemoteProvider (then everything is local). */
export function useRemote(): RemoteState | null {
  return useContext(RemoteContext);
}

/**
 * Window-wide remote state: what the machine policy allows, the endpoints, their models and which
 * remote model (if any) the chat sends to. One place, so Settings, the model picker and the
 * conversation agree, and an endpoint added in Settings shows up in the picker at once.
 */
export function RemoteProvider({ children }: { children: ReactNode }) {
  const [policy, setPolicy] = useState<PolicyStatus | null>(null);
  const [endpoints, setEndpoints] = useState<EndpointInfo[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [modelLists, setModelLists] = useState<Record<string, EndpointModels>>({});
  const [chosen, setChosen] = useState<RemoteTarget | null>(readSelectedRemote);
  const asked = useRef(new Set<string>());

  const reload = useCallback(
    () =>
      Promise.all([settle(() => enclave().policy.status()), settle(() => enclave().endpoints.list())]).then(
        ([policyResult, endpointsResult]) => {
          if (policyResult.ok) setPolicy(policyResult.value);
          if (endpointsResult.ok) setEndpoints(endpointsResult.value);
          setError(!policyResult.ok ? policyResult.error : !endpointsResult.ok ? endpointsResult.error : null);
        },
      ),
    [],
  );

  // An endpoint not asked yet has no entry, which reads as loading.
  const askModels = useCallback((endpointId: string) => {
    asked.current.add(endpointId);
    return settle(() => enclave().endpoints.models({ endpointId })).then((result) => {
      setModelLists((lists) => ({
        ...lists,
        [endpointId]: result.ok ? { status: 'ready', ...result.value } : { status: 'failed', error: result.error },
      }));
      return result;
    });
  }, []);

  const testEndpoint = useCallback(
    (endpointId: string) => {
      setModelLists((lists) => ({ ...lists, [endpointId]: { status: 'loading' } }));
      return askModels(endpointId);
    },
    [askModels],
  );

  useEffect(() => {
    void reload();
  }, [reload]);

  // An administrator changed the machine policy while the app runs: what it allows is read again.
  useEffect(
    () =>
      enclave().onEvent((event) => {
        if (event.type === 'policy.changed') void reload();
      }),
    [reload],
  );

  // Each allowed endpoint is asked for its models once; the answer is kept until Settings tests it again.
  useEffect(() => {
    for (const endpoint of endpoints ?? []) {
      if (endpoint.allowed && !asked.current.has(endpoint.id)) void askModels(endpoint.id);
    }
  }, [endpoints, askModels]);

  const select = useCallback((target: RemoteTarget | null) => {
    setChosen(target);
    writeSelectedRemote(target);
  }, []);

  // A remembered choice whose endpoint was removed or is no longer allowed falls back to the local model.
  const selected =
    chosen && (endpoints === null || endpoints.some((endpoint) => endpoint.id === chosen.endpointId && endpoint.allowed))
      ? chosen
      : null;

  const state = useMemo<RemoteState>(
    () => ({ policy, endpoints, error, reload, modelLists, testEndpoint, selected, select }),
    [policy, endpoints, error, reload, modelLists, testEndpoint, selected, select],
  );
  return <RemoteContext.Provider value={state}>{children}</RemoteContext.Provider>;
}
