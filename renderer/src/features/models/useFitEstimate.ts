import { useEffect, useState } from 'react';
import type { FitEstimate, ModelSettings } from '@shared/domain.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';

export interface FitEstimateState {
  estimate: FitEstimate | null;
  error: AppError | null;
  /** True while the shown estimate is for other settings than the form's (typing, or core working). */
  pending: boolean;
}

/**
 * Asks core what `settings` would need on this machine, once typing pauses. `revision` changes when
 * something else the estimate depends on changes (adapters attached, the catalog refreshed).
 */
export function useFitEstimate(modelId: string, settings: ModelSettings | null, revision: string): FitEstimateState {
  const key = settings ? JSON.stringify([modelId, settings, revision]) : null;
  const settledKey = useDebouncedValue(key, 300);
  const [answer, setAnswer] = useState<{ key: string; estimate: FitEstimate | null; error: AppError | null } | null>(null);

  useEffect(() => {
    if (settledKey === null) return;
    const [id, wanted] = JSON.parse(settledKey) as [string, ModelSettings];
    let current = true;
    void settle(() => enclave().models.estimate({ modelId: id, settings: wanted })).then((result) => {
      if (!current) return;
      setAnswer(
        result.ok
          ? { key: settledKey, estimate: result.value, error: null }
          : { key: settledKey, estimate: null, error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [settledKey]);

  return {
    estimate: answer?.estimate ?? null,
    error: answer?.error ?? null,
    pending: key !== null && answer?.key !== key,
  };
}
