import { useCallback } from 'react';
import type { PresetImportReport, PresetInfo, PresetInput } from '@shared/presetDefinitions.js';
import type { EnclaveEvent } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

export interface Presets {
  /** Built-ins first, then the user's, by name; null until the first list arrives. */
  all: PresetInfo[] | null;
  error: AppError | null;
  save: (presetId: string | undefined, preset: PresetInput) => Promise<Result<PresetInfo>>;
  remove: (presetId: string) => Promise<Result<{ presetId: string }>>;
  importFile: (content: string) => Promise<Result<PresetImportReport>>;
  exportFile: (presetIds?: string[]) => Promise<Result<{ fileName: string; content: string }>>;
}

const listPresets = () => enclave().presets.list();
const isPresetsChange = (event: EnclaveEvent) => event.type === 'presets.changed';

/**
 * The presets ("assistants"), shared by the manager and each chat's picker; refreshed after every
 * change, whichever window made it.
 */
export function usePresets(): Presets {
  const { value: all, error, change } = useLiveQuery(listPresets, isPresetsChange);
  return {
    all,
    error,
    save: useCallback(
      (presetId: string | undefined, preset: PresetInput) =>
        change(() => enclave().presets.save({ ...(presetId ? { presetId } : {}), preset: { ...preset } })),
      [change],
    ),
    remove: useCallback((presetId: string) => change(() => enclave().presets.remove({ presetId })), [change]),
    importFile: useCallback((content: string) => change(() => enclave().presets.importFile({ content })), [change]),
    exportFile: useCallback(
      (presetIds?: string[]) => settle(() => enclave().presets.exportFile(presetIds ? { presetIds } : {})),
      [],
    ),
  };
}
