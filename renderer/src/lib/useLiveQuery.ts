import { useCallback, useEffect, useState } from 'react';
import type { EnclaveEvent } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { settle } from './api.js';
import { useEnclaveEvents } from './useEnclaveEvents.js';

export interface LiveQuery<T> {
  /** The last value loaded: null until the first arrives, and kept when a later load fails. */
  value: T | null;
  /** Why the last load failed; null again once one succeeds. */
  error: AppError | null;
  /** Loads again now. */
  reload: () => Promise<void>;
  /**
   * Runs a change (through `settle`, so a broken transport is an error value too) and, when it
   * succeeded, loads again before handing back its result: the caller already sees the change.
   */
  change: <R>(call: () => Promise<Result<R>>) => Promise<Result<R>>;
}

const noEvent = () => false;

/**
 * Something read from core through the preload API and kept current: loaded on mount, again whenever
 * core pushes an event `isStale` accepts, and after each successful `change`.
 *
 * `load` must keep its identity between renders (a module-level function, or `useCallback` over what it
 * reads): a new function is a new query and is loaded again.
 */
export function useLiveQuery<T>(
  load: () => Promise<Result<T>>,
  isStale: (event: EnclaveEvent) => boolean = noEvent,
): LiveQuery<T> {
  const [value, setValue] = useState<T | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(
    () =>
      settle(load).then((result) => {
        if (result.ok) setValue(result.value);
        setError(result.ok ? null : result.error);
      }),
    [load],
  );

  useEffect(() => {
    void reload();
  }, [reload]);
  useEnclaveEvents((event) => {
    if (isStale(event)) void reload();
  });

  const change = useCallback(
    async <R>(call: () => Promise<Result<R>>) => {
      const result = await settle(call);
      if (result.ok) await reload();
      return result;
    },
    [reload],
  );

  return { value, error, reload, change };
}
