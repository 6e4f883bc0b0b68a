import type { EnclaveEvent, ModelRecommendation } from '@shared/domain.js';
import { InlineAlert } from '../../components/InlineAlert.js';
import { enclave } from '../../lib/api.js';
import { formatTokensPerSecond } from '../../lib/format.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

const loadRecommendations = () => enclave().models.recommendations();
const modelsChanged = (event: EnclaveEvent) => event.type === 'models.changed';

const ratingLabels: Record<ModelRecommendation['rating'], string> = {
  good: 'Runs well',
  usable: 'Usable',
  slow: 'Slow',
  'does-not-fit': 'Does not fit',
};

/** Which of the imported models run well on this machine, and why. */
export function RecommendationsSection() {
  const recommendations = useLiveQuery<ModelRecommendation[]>(loadRecommendations, modelsChanged);
  const list = recommendations.value;
  return (
    <section className="column-section" aria-labelledby="recommendations-title">
      <h3 id="recommendations-title">Recommendations</h3>
      <p className="muted">
        How each model in your library should run here. Speeds are estimated from the model’s size and this machine,
        or measured when you chose “Measure speed” for the model.
      </p>
      {recommendations.error && <InlineAlert error={recommendations.error} prefix="Could not work out recommendations" />}
      {!list && !recommendations.error && <p role="status" className="muted">Working out what runs well here…</p>}
      {list?.length === 0 && <p className="muted">No models to rate yet. Import one under Models.</p>}
      {list && list.length > 0 && (
        <ul className="recommendation-list">
          {list.map((entry) => (
            <li key={entry.modelId} className="recommendation" data-rating={entry.rating}>
              <div className="recommendation-head">
                <span className="recommendation-name">
                  {entry.name} <span className="muted">{entry.quantization}</span>
                </span>
                <span className={`chip chip-${entry.rating}`}>{ratingLabels[entry.rating]}</span>
              </div>
              <p className="recommendation-speed">
                {entry.tokensPerSecond === null
                  ? 'Speed unknown'
                  : entry.source === 'probe'
                    ? `${formatTokensPerSecond(entry.tokensPerSecond)} (measured)`
                    : `About ${formatTokensPerSecond(entry.tokensPerSecond)} (estimated)`}
              </p>
              <p className="muted">
                {entry.reason}
                {entry.source === 'estimate' && entry.tokensPerSecond !== null && ' “Measure speed” under Models gives a real figure.'}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
