import { useEffect } from 'react';
import { enclave, hasEnclave } from '../lib/api.js';
import { windowReload } from '../lib/windowReload.js';

/**
 * Loads the window afresh when core says the database was reopened (`storage.changed`): chats,
 * models and settings then come from the new core, and a lock screen gives way to the app.
 */
export function useReloadOnStorageChange(): void {
  useEffect(() => {
    if (!hasEnclave()) return;
    return enclave().onEvent((event) => {
      if (event.type === 'storage.changed') windowReload.request();
    });
  }, []);
}
