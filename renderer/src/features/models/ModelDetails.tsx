import type { ModelInfo } from '@shared/domain.js';
import { formatBytes, formatParameterCount, formatTokenCount } from '../../lib/format.js';
import type { ModelRuntime } from './useModelRuntime.js';
import './models.css';

interface ModelDetailsProps {
  model: ModelInfo | null;
  runtime: ModelRuntime;
}

/** The right pane: what the picked model is, and how it runs once loaded. */
export function ModelDetails({ model, runtime }: ModelDetailsProps) {
  if (!model) return <p className="muted">No model picked.</p>;
  const loaded = runtime.resident.find((info) => info.modelId === model.id) ?? null;
  return (
    <div className="model-details">
      <h2 className="details-heading">Model</h2>
      <p className="model-details-name">{model.name}</p>
      <dl className="facts">
        <Fact term="Architecture" value={model.architecture} />
        <Fact term="Parameters" value={formatParameterCount(model.parameterCount)} />
        <Fact term="Quantisation" value={model.quantization} />
        <Fact term="Context length" value={model.contextLength ? `${formatTokenCount(model.contextLength)} tokens` : 'Unknown'} />
        <Fact term="File size" value={formatBytes(model.sizeBytes)} />
        <Fact term="File" value={model.fileName} />
      </dl>
      <h2 className="details-heading">Running</h2>
      {loaded ? (
        <dl className="facts" aria-label="How the model runs">
          <Fact term="Processor" value={loaded.gpu ? `GPU (${loaded.gpu}), ${loaded.gpuLayers} layers` : 'CPU'} />
          <Fact term="Threads" value={String(loaded.threads)} />
          <Fact term="Context size" value={`${formatTokenCount(loaded.contextSize)} tokens`} />
        </dl>
      ) : (
        <p className="muted">Not loaded. It loads for the first reply, or from Models.</p>
      )}
    </div>
  );
}

function Fact({ term, value }: { term: string; value: string }) {
  return (
    <div className="fact">
      <dt>{term}</dt>
      <dd>{value}</dd>
    </div>
  );
}
