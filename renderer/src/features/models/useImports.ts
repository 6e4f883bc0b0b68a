import { useCallback, useRef, useState } from 'react';
import type { ImportProgress, ImportResult, ModelImportEvent } from '@shared/domain.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { readPreference, writePreference } from '../../lib/storage.js';

export type ImportMode = 'copy' | 'link';

/** One file of an import as it streams: what is happening to it and how fast. */
export interface FileProgress extends ImportProgress {
  /** Bytes per second since the first report for this file; null until there are two reports. */
  bytesPerSecond: number | null;
  firstSeen: { at: number; bytesDone: number };
}

export interface Imports {
  mode: ImportMode;
  setMode: (mode: ImportMode) => void;
  /** True while at least one import call is in flight. */
  busy: boolean;
  /** Per file, in the order they started, for every import still running. */
  progress: FileProgress[];
  /** What the last finished import did; null once dismissed. */
  result: ImportResult | null;
  /** The import call itself failed (no dialog service, database gone). */
  error: AppError | null;
  pick: (pick: 'files' | 'folder') => Promise<void>;
  /** Imports files and folders the user dropped, by the grants main gave for them. */
  importGranted: (grants: string[]) => Promise<void>;
  cancel: (importId: string) => Promise<void>;
  dismiss: () => void;
}

const modeKey = 'enclave.importMode';

/**
 * Imports through the file dialog or dropped paths, with per-file progress from each import request's
 * own stream. `onFinished` runs after each import with its result (refresh the catalog, select the model).
 */
export function useImports(onFinished: (result: ImportResult) => void | Promise<void>): Imports {
  const [mode, setModeState] = useState<ImportMode>(() => (readPreference(modeKey) === 'link' ? 'link' : 'copy'));
  const inFlight = useRef(0);
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<FileProgress[]>([]);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const run = useCallback(
    async (call: (onEvent: (event: ModelImportEvent) => void) => Promise<Result<ImportResult | null>>) => {
      inFlight.current++;
      setBusy(true);
      setError(null);
      let importId: string | null = null;
      const outcome = await settle(() =>
        call((event) => {
          if (event.type === 'progress') {
            importId = event.progress.importId;
            setProgress((current) => withReport(current, event.progress, Date.now()));
          } else {
            setProgress((current) => current.filter((row) => row.importId !== event.importId));
          }
        }),
      );
      // A request that failed has no end on its stream: its rows go with its answer.
      setProgress((current) => current.filter((row) => row.importId !== importId));
      inFlight.current--;
      if (inFlight.current === 0) setBusy(false);
      if (!outcome.ok) setError(outcome.error);
      else if (outcome.value) {
        setResult(outcome.value);
        await onFinished(outcome.value);
      }
    },
    [onFinished],
  );

  return {
    mode,
    setMode: useCallback((next: ImportMode) => {
      setModeState(next);
      writePreference(modeKey, next);
    }, []),
    busy,
    progress,
    result,
    error,
    pick: useCallback((pick: 'files' | 'folder') => run((onEvent) => enclave().models.importWithDialog({ mode, pick }, onEvent)), [mode, run]),
    importGranted: useCallback((grants: string[]) => run((onEvent) => enclave().models.importPaths({ grants, mode }, onEvent)), [mode, run]),
    cancel: useCallback(async (importId: string) => {
      await settle(() => enclave().models.cancelImport({ importId }));
    }, []),
    dismiss: useCallback(() => {
      setResult(null);
      setError(null);
    }, []),
  };
}

function withReport(current: FileProgress[], report: ImportProgress, now: number): FileProgress[] {
  const index = current.findIndex((row) => row.importId === report.importId && row.fileName === report.fileName);
  const previous = index < 0 ? undefined : current[index];
  const firstSeen = previous?.firstSeen ?? { at: now, bytesDone: report.bytesDone };
  const seconds = (now - firstSeen.at) / 1000;
  const bytesPerSecond = seconds > 0.05 ? (report.bytesDone - firstSeen.bytesDone) / seconds : null;
  const row: FileProgress = { ...report, firstSeen, bytesPerSecond };
  return index < 0 ? [...current, row] : current.map((existing, at) => (at === index ? row : existing));
}
