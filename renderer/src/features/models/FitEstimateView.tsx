import { InlineAlert } from '../../components/InlineAlert.js';
import { formatMemory } from '../../lib/format.js';
import type { FitEstimateState } from './useFitEstimate.js';

/** The estimate as a plain sentence and one bar per memory, against what this machine can give. */
export function FitEstimateView({ state }: { state: FitEstimateState }) {
  const { estimate, error, pending } = state;
  if (error) return <InlineAlert error={error} prefix="Could not estimate the memory this needs" />;
  if (!estimate) {
    return (
      <p className="fit-estimate muted" role="status">
        Working out how much memory this needs…
      </p>
    );
  }
  const showVram = estimate.vramBudgetBytes > 0 || estimate.vramBytes > 0;
  return (
    <section
      className="fit-estimate"
      aria-label="Memory estimate"
      aria-busy={pending}
      data-fits={estimate.fits}
      data-pending={pending}
    >
      <p className="fit-explanation" aria-live="polite">
        {estimate.explanation}
      </p>
      <MemoryBar label="RAM" used={estimate.ramBytes} budget={estimate.ramBudgetBytes} />
      {showVram ? (
        <MemoryBar label="VRAM" used={estimate.vramBytes} budget={estimate.vramBudgetBytes} />
      ) : (
        <p className="muted fit-note">No GPU in use: the model runs on the CPU.</p>
      )}
    </section>
  );
}

function MemoryBar({ label, used, budget }: { label: string; used: number; budget: number }) {
  const over = used > budget;
  const fraction = budget > 0 ? Math.min(1, used / budget) : 1;
  const text = `${formatMemory(used)} of ${formatMemory(budget)}`;
  return (
    <div className="memory-bar" data-over={over}>
      <div className="memory-bar-label">
        <span>{label}</span>
        <span>
          {text}
          {over && <strong> — over by {formatMemory(used - budget)}</strong>}
        </span>
      </div>
      <div
        className="memory-bar-track"
        role="meter"
        aria-label={`${label} needed`}
        aria-valuemin={0}
        aria-valuemax={budget}
        aria-valuenow={Math.min(used, budget)}
        aria-valuetext={over ? `${text}, does not fit` : text}
      >
        <div className="memory-bar-fill" style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
    </div>
  );
}
