import { useCallback, useEffect, useState } from 'react';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { settle } from '../../lib/api.js';

export interface Loaded<T> {
  value: T | null;
  error: AppError | null;
  reload(): Promise<void>;
}

/** Calls `load` on mount (and on `reload`), keeping the last value and the last error. */
export function useLoaded<T>(load: () => Promise<Result<T>>): Loaded<T> {
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
  return { value, error, reload };
}
