import { useState } from 'react';
import type { ModelInfo } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';

/** A changed or missing file, in red, with what the user can do about it. */
export function IntegrityNotice({ model }: { model: ModelInfo }) {
  const [accepting, setAccepting] = useState(false);
  const [error, setError] = useState<AppError | null>(null);
  if (model.integrity === 'ok') return null;

  async function accept() {
    setAccepting(true);
    const result = await settle(() => enclave().models.accept({ modelId: model.id }));
    setAccepting(false);
    setError(result.ok ? null : result.error);
  }

  return (
    <div className="integrity-notice" role="alert" data-integrity={model.integrity}>
      {model.integrity === 'changed' ? (
        <>
          <p>
            <strong>Changed since import.</strong> This file’s SHA-256 no longer matches the one recorded when it was
            imported, so Enclave will not load it. If you replaced it on purpose (a new download, say), accept the new file.
          </p>
          <button type="button" className="button button-danger" disabled={accepting} onClick={() => void accept()}>
            {accepting ? 'Checking the file…' : 'Accept new file'}
          </button>
        </>
      ) : (
        <p>
          <strong>File missing.</strong> {model.path} is not there any more. Put it back and choose “Check file”, or remove
          the model and import it again.
        </p>
      )}
      {error && <InlineAlert error={error} prefix="Could not accept the file" />}
    </div>
  );
}
