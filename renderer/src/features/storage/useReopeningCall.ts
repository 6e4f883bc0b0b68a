import { useCallback, useEffect, useRef } from 'react';
import type { Result } from '@shared/errors.js';
import { settle } from '../../lib/api.js';
import { windowReload } from '../../lib/windowReload.js';

export interface ReopeningCall {
  /**
   * Runs a request that makes core reopen the database (encrypt, change the key, restore). The window's
   * reload (on `storage.changed`) waits from now until `done` or `dismissed`, so its answer can be shown.
   */
  run: <T>(call: () => Promise<Result<T>>) => Promise<Result<T>>;
  /** The change went through and its answer was read: the window loads afresh now. */
  done: () => void;
  /** The user closed the failed attempt: the window reloads only if core reopened the database anyway. */
  dismissed: () => void;
}

export function useReopeningCall(): ReopeningCall {
  const release = useRef<(() => void) | null>(null);
  const dismissed = useCallback(() => {
    release.current?.();
    release.current = null;
  }, []);
  // A dialog that goes away without saying so releases its hold too.
  useEffect(() => dismissed, [dismissed]);
  const run = useCallback(async <T>(call: () => Promise<Result<T>>) => {
    release.current ??= windowReload.hold();
    return settle(call);
  }, []);
  const done = useCallback(() => {
    windowReload.request();
    dismissed();
  }, [dismissed]);
  return { run, done, dismissed };
}
