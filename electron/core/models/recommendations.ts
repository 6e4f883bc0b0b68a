import type { FitEstimate, HardwareInfo, ModelInfo, ModelRecommendation } from '../../shared/domain.js';
import { toAppError } from '../errors.js';

/**
 * Rough memory bandwidth, bytes per second, that token generation can use. Generating a token reads
 * (about) every weight once, so tokens/s is bounded by bandwidth / model size. These are deliberately
 * modest figures for typical laptops and workstations; a probe replaces the estimate with a measurement.
 */
const cpuBandwidthPerFourCores = 15e9;
const gpuBandwidth = 300e9;

const ratingThresholds = { good: 15, usable: 5 } as const;

export interface Estimator {
  estimate(model: ModelInfo): Promise<FitEstimate>;
}

/** Which imported models run well on this machine, best first, with the reason in plain words. */
export async function recommendModels(
  models: readonly ModelInfo[],
  hardware: HardwareInfo,
  estimator: Estimator,
): Promise<ModelRecommendation[]> {
  const recommendations: ModelRecommendation[] = [];
  for (const model of models) {
    if (model.integrity !== 'ok') continue;
    const base = { modelId: model.id, name: model.name, quantization: model.quantization };
    let fit: FitEstimate;
    try {
      fit = await estimator.estimate(model);
    } catch (error) {
      recommendations.push({ ...base, rating: 'does-not-fit', tokensPerSecond: null, source: 'estimate', reason: toAppError(error).message });
      continue;
    }
    if (!fit.fits) {
      recommendations.push({ ...base, rating: 'does-not-fit', tokensPerSecond: null, source: 'estimate', reason: fit.explanation });
      continue;
    }
    const measured = model.probe?.tokensPerSecond;
    const tokensPerSecond = measured ?? estimateTokensPerSecond(model, fit, hardware);
    const rating = tokensPerSecond >= ratingThresholds.good ? 'good' : tokensPerSecond >= ratingThresholds.usable ? 'usable' : 'slow';
    // The speed itself is shown beside the reason (by the Settings view, by the CLI): the reason says
    // only where the model runs and what the figure rests on, in words that fit either.
    const where = fit.gpuLayers > 0 ? `${fit.gpuLayers} of ${fit.totalLayers} layers on the GPU` : 'On the CPU';
    const reason = measured === undefined ? `${where}, estimated from its size (${formatGb(model.sizeBytes)}).` : `${where}, measured on this computer.`;
    recommendations.push({ ...base, rating, tokensPerSecond, source: measured === undefined ? 'estimate' : 'probe', reason });
  }
  const order = { good: 0, usable: 1, slow: 2, 'does-not-fit': 3 } as const;
  return recommendations.sort(
    (a, b) => order[a.rating] - order[b.rating] || (b.tokensPerSecond ?? 0) - (a.tokensPerSecond ?? 0),
  );
}

/** Time per token is the time to read the CPU share of the weights plus the GPU share. */
export function estimateTokensPerSecond(model: ModelInfo, fit: FitEstimate, hardware: HardwareInfo): number {
  const gpuShare = fit.totalLayers > 0 ? fit.gpuLayers / fit.totalLayers : 0;
  const cpuBandwidth = cpuBandwidthPerFourCores * Math.min(1, Math.max(1, hardware.cpu.mathCores) / 4);
  const secondsPerToken = (model.sizeBytes * (1 - gpuShare)) / cpuBandwidth + (model.sizeBytes * gpuShare) / gpuBandwidth;
  return secondsPerToken > 0 ? 1 / secondsPerToken : 0;
}

function formatGb(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(1)} GB` : `${Math.round(bytes / 1e6)} MB`;
}
