import { useState } from 'react';
import type { ModelInfo, ProbeResult } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave, settle } from '../../lib/api.js';
import { formatDateTime, formatPercent, formatTokenCount, formatTokensPerSecond } from '../../lib/format.js';
import { canLoad, isChatModel } from './useModelCatalog.js';
import type { ModelRuntime } from './useModelRuntime.js';

type Busy = 'loading' | 'unloading' | 'probing' | null;

interface ModelRunControlsProps {
  model: ModelInfo;
  /** The whole library, to name the model loading this one would unload. */
  models: ModelInfo[];
  runtime: ModelRuntime;
}

/**
 * Load and unload this model, follow its loading, and measure how fast it runs here. The list's badge
 * already says "Loaded": here the state is how it runs, or "Not loaded.", and, when memory is full,
 * which model loading this one would unload.
 */
export function ModelRunControls({ model, models, runtime }: ModelRunControlsProps) {
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<{ prefix: string; error: AppError } | null>(null);
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const resident = runtime.resident.find((info) => info.modelId === model.id) ?? null;
  const progress = runtime.loading?.modelId === model.id ? runtime.loading.progress : null;
  const measured = probe ?? model.probe;
  const displaced = resident ? null : displacedBy(runtime, models);

  async function act(kind: Exclude<Busy, null>, prefix: string, call: () => Promise<{ ok: boolean; error?: AppError }>) {
    setBusy(kind);
    setError(null);
    const result = await call();
    setBusy(null);
    if (!result.ok && result.error) setError({ prefix, error: result.error });
    await runtime.refresh();
  }

  const load = () => act('loading', 'Could not load this model', () => settle(() => enclave().models.load({ modelId: model.id })));
  const unload = () => act('unloading', 'Could not unload this model', () => settle(() => enclave().models.unload({ modelId: model.id })));
  const measure = () =>
    act('probing', 'Could not measure the speed', async () => {
      const result = await settle(() => enclave().models.probe({ modelId: model.id }));
      if (result.ok) setProbe(result.value);
      return result;
    });

  return (
    <section className="inspector-section" aria-labelledby="model-run-title">
      <h3 id="model-run-title" className="details-heading">
        Running
      </h3>
      <p className="run-state" role="status">
        {resident
          ? `Runs ${resident.gpu ? `on the ${resident.gpu.toUpperCase()} with ${resident.gpuLayers} of ${resident.totalLayers} layers` : 'on the CPU'}, ` +
            `${formatTokenCount(resident.contextSize)}-token context, ${resident.threads} ${resident.threads === 1 ? 'thread' : 'threads'}` +
            `${resident.adapterIds.length > 0 ? `, ${resident.adapterIds.length} adapter${resident.adapterIds.length === 1 ? '' : 's'}` : ''}.`
          : busy === 'loading'
            ? 'Loading…'
            : 'Not loaded.'}
      </p>
      {displaced && busy === null && <p className="muted run-note">{displaced}</p>}
      {progress !== null && (busy === 'loading' || busy === 'probing') && (
        <div className="run-progress">
          <progress aria-label={`Loading ${model.name}`} max={1} value={Math.min(1, Math.max(0, progress))} />
          <span className="muted">{formatPercent(progress)}</span>
        </div>
      )}
      <div className="button-row">
        {resident ? (
          <button type="button" className="button" disabled={busy !== null} onClick={() => void unload()}>
            {busy === 'unloading' ? 'Unloading…' : 'Unload'}
          </button>
        ) : (
          <button type="button" className="button button-primary" disabled={busy !== null || !canLoad(model)} onClick={() => void load()}>
            {busy === 'loading' ? 'Loading…' : 'Load'}
          </button>
        )}
        {isChatModel(model) && (
          <button type="button" className="button" disabled={busy !== null || !canLoad(model)} onClick={() => void measure()}>
            {busy === 'probing' ? 'Measuring…' : 'Measure speed'}
          </button>
        )}
      </div>
      {measured && (
        <p className="probe-result">
          <strong>{formatTokensPerSecond(measured.tokensPerSecond)}</strong> writing,{' '}
          {formatTokensPerSecond(measured.promptTokensPerSecond)} reading the prompt ·{' '}
          <span className="muted">
            measured {formatDateTime(measured.measuredAt)} with {measured.threads} {measured.threads === 1 ? 'thread' : 'threads'}
            {measured.gpuLayers > 0 ? ` and ${measured.gpuLayers} GPU layers` : ''}
          </span>
        </p>
      )}
      {busy === 'probing' && <p className="muted">Loading the model and writing a short test reply; this takes a few seconds.</p>}
      {error && <InlineAlert error={error.error} prefix={error.prefix} onDismiss={() => setError(null)} />}
    </section>
  );
}

/**
 * When as many models are loaded as Settings allows, the one loading another would unload first (the
 * least recently used, which core picks; the first resident stands in for it), said before Load is chosen.
 */
function displacedBy(runtime: ModelRuntime, models: ModelInfo[]): string | null {
  const limit = runtime.settings?.maxResidentModels;
  const first = runtime.resident[0];
  if (limit === undefined || !first || runtime.resident.length < limit) return null;
  const name = models.find((candidate) => candidate.id === first.modelId)?.name ?? 'another model';
  const room = limit === 1 ? 'one model' : `${limit} models`;
  return `Loading it unloads ${limit === 1 ? name : 'the model used longest ago'}: Enclave keeps ${room} in memory at a time (Settings → Runtime).`;
}
