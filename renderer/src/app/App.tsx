import { useEffect, useState } from 'react';
import type { AppStatus } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave, hasEnclave, settle } from '../lib/api.js';
import { LinkConfirmProvider } from '../features/links/LinkConfirm.js';
import { RemoteProvider } from '../features/remote/RemoteProvider.js';
import { lockReasonOf } from '../features/storage/storageText.js';
import { UnlockScreen } from '../features/storage/UnlockScreen.js';
import { StartupErrorScreen } from './StartupErrorScreen.js';
import { useReloadOnStorageChange } from './useReloadOnStorageChange.js';
import { Workspace } from './Workspace.js';

type Startup =
  | { phase: 'starting' }
  | { phase: 'ready'; status: AppStatus }
  | { phase: 'failed'; error: AppError; databasePath: string | null };

const missingBridge: AppError = {
  code: 'internal',
  message: 'This window was opened without Enclave’s preload script, so it cannot reach the app. Start Enclave itself.',
};

/**
 * Asks core how start-up went, then shows the workspace, the lock screen (the data is encrypted and
 * needs a passphrase or the recovery key), or why it cannot be used.
 */
export function App() {
  useReloadOnStorageChange();
  const [startup, setStartup] = useState<Startup>(() =>
    hasEnclave() ? { phase: 'starting' } : { phase: 'failed', error: missingBridge, databasePath: null },
  );

  useEffect(() => {
    if (!hasEnclave()) return;
    void settle(() => enclave().app.status()).then((result) => {
      if (!result.ok) setStartup({ phase: 'failed', error: result.error, databasePath: null });
      else if (result.value.startupError)
        setStartup({ phase: 'failed', error: result.value.startupError, databasePath: result.value.databasePath });
      else setStartup({ phase: 'ready', status: result.value });
    });
  }, []);

  switch (startup.phase) {
    case 'starting':
      return <div className="app-starting" role="status" aria-label="Starting Enclave" />;
    case 'failed': {
      const lock = lockReasonOf(startup.error.code);
      if (lock) return <UnlockScreen error={startup.error} reason={lock} databasePath={startup.databasePath} />;
      return <StartupErrorScreen error={startup.error} databasePath={startup.databasePath} />;
    }
    case 'ready':
      return (
        <RemoteProvider>
          <LinkConfirmProvider>
            <Workspace status={startup.status} />
          </LinkConfirmProvider>
        </RemoteProvider>
      );
  }
}
