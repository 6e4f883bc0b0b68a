import { useState } from 'react';
import type { ModelInfo, VerifyResult } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { RemoveModelDialog } from './RemoveModelDialog.js';

const verdicts: Record<VerifyResult['integrity'], string> = {
  ok: 'The file is unchanged: its SHA-256 matches the one recorded at import.',
  changed: 'The file has changed since import. Enclave will not load it until you accept it (above).',
  missing: 'The file is missing or cannot be read.',
};

/** Re-hash the file now, or take the model out of the library. */
export function ModelMaintenance({ model, onRemoved }: { model: ModelInfo; onRemoved: () => void }) {
  const [checking, setChecking] = useState(false);
  const [verdict, setVerdict] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);
  const [removeOpen, setRemoveOpen] = useState(false);

  async function verify() {
    setChecking(true);
    setVerdict(null);
    const result = await settle(() => enclave().models.verify({ modelId: model.id }));
    setChecking(false);
    setError(result.ok ? null : result.error);
    if (result.ok) setVerdict(result.value.find((entry) => entry.modelId === model.id) ?? null);
  }

  return (
    <section className="inspector-section" aria-labelledby="model-file-title">
      <h3 id="model-file-title" className="details-heading">
        File
      </h3>
      <div className="button-row">
        <button type="button" className="button" disabled={checking} onClick={() => void verify()}>
          {checking ? 'Checking…' : 'Check file'}
        </button>
        {model.storage !== 'bundled' && (
          <button type="button" className="button button-danger-quiet" onClick={() => setRemoveOpen(true)}>
            Remove…
          </button>
        )}
      </div>
      <p role="status" className="muted" data-integrity={verdict?.integrity}>
        {checking ? 'Reading the whole file to recompute its SHA-256…' : verdict ? verdicts[verdict.integrity] : ''}
      </p>
      {model.storage === 'bundled' && <p className="muted">This model ships with Enclave and stays in its folder.</p>}
      {error && <InlineAlert error={error} prefix="Could not check the file" />}
      <RemoveModelDialog model={model} open={removeOpen} onOpenChange={setRemoveOpen} onRemoved={onRemoved} />
    </section>
  );
}
