import type { AppError } from '@shared/errors.js';
import { describeError } from '../lib/api.js';

interface StartupErrorScreenProps {
  error: AppError;
  /** The database core tried to open, when the problem is the database. */
  databasePath: string | null;
}

/** The whole window when Enclave cannot start: what went wrong and which file, and nothing else. */
export function StartupErrorScreen({ error, databasePath }: StartupErrorScreenProps) {
  return (
    <main className="startup-error">
      <div className="startup-error-card" role="alert">
        <h1>Enclave could not start</h1>
        <p className="startup-error-message">{describeError(error)}</p>
        {databasePath && (
          <p className="startup-error-path">
            Database: <code>{databasePath}</code>
          </p>
        )}
        <p className="startup-error-hint">Enclave has not changed this file. Quit Enclave, deal with the file as described above, then start Enclave again.</p>
      </div>
    </main>
  );
}
