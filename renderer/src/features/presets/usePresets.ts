import { useCallback, useEffect, useState } from 'react';
import type { PresetImportReport, PresetInfo, PresetInput } from '../../../../electron/shared/presetDefinitions.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';

export interface Presets {
  /** Built-ins first, then the user's, by name; null until the first list arrives. */
  all: PresetInfo[] | null;
  error: AppError | null;
  save(presetId: string | undefined, preset: PresetInput): Promise<Result<PresetInfo>>;
  remove(presetId: string): Promise<Result<{ presetId: string }>>;
  importFile(content: string): Promise<Result<PresetImportReport>>;
  exportFile(presetIds?: string[]): Promise<Result<{ fileName: string; content: string }>>;
}

/** The presets ("assistants"), shared by the manager and each chat's picker; refreshed after every change made here. */
export function usePresets(): Presets {
  const [all, setAll] = useState<PresetInfo[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const refresh = useCallback(
    () =>
      settle(() => enclave().presets.list()).then((result) => {
        if (result.ok) setAll(result.value);
        setError(result.ok ? null : result.error);
      }),
    [],
  );

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const afterChange = useCallback(
    async <T>(result: Result<T>) => {
      if (result.ok) await refresh();
      return result;
    },
    [refresh],
  );

  return {
    all,
    error,
    save: useCallback(
      async (presetId: string | undefined, preset: PresetInput) =>
        afterChange(await settle(() => enclave().presets.save({ ...(presetId ? { presetId } : {}), preset: { ...preset } }))),
      [afterChange],
    ),
    remove: useCallback(async (presetId: string) => afterChange(await settle(() => enclave().presets.remove({ presetId }))), [afterChange]),
    importFile: useCallback(async (content: string) => afterChange(await settle(() => enclave().presets.importFile({ content }))), [afterChange]),
    exportFile: useCallback(
      (presetIds?: string[]) => settle(() => enclave().presets.exportFile(presetIds ? { presetIds } : {})),
      [],
    ),
  };
}
