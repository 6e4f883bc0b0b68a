import { useCallback, useReducer, useState } from 'react';
import type { DocumentImportJob } from '../../../../electron/shared/documents.js';
import type { AppError, Result } from '../../../../electron/shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';
import { type FinishedImport, type ImportRun, importRunsReducer, initialImportRuns } from './importRuns.js';

/** Where an import was started: a collection in the Documents view, or a chat files were dropped into. */
export type ImportTarget = { collectionId: string } | { chatId: string };

export interface DocumentImports {
  running: ImportRun[];
  finished: FinishedImport[];
  /** Calls that failed before any job started (a collection gone, no dialog), by the id of their target. */
  failures: Record<string, AppError>;
  pick(collectionId: string, pick: 'files' | 'folder'): Promise<void>;
  importPaths(target: ImportTarget, paths: string[]): Promise<void>;
  cancel(jobId: string): Promise<void>;
  dismiss(jobId: string): void;
  dismissFailure(targetId: string): void;
}

const targetId = (target: ImportTarget) => ('chatId' in target ? target.chatId : target.collectionId);

/**
 * Document imports in the background: started from the dialog, dropped files or a chat, followed
 * through `documents.progress` and `documents.finished` events, cancellable. One for the window,
 * so a run keeps its progress while the user looks elsewhere.
 */
export function useDocumentImports(): DocumentImports {
  const [state, dispatch] = useReducer(importRunsReducer, initialImportRuns);
  const [failures, setFailures] = useState<Record<string, AppError>>({});

  useEnclaveEvents((event) => {
    if (event.type === 'documents.progress') dispatch({ type: 'progress', progress: event.progress });
    if (event.type === 'documents.finished') {
      dispatch({ type: 'finished', jobId: event.jobId, collectionId: event.collectionId, outcomes: event.outcomes });
    }
  });

  const start = useCallback(async (target: ImportTarget, call: () => Promise<Result<DocumentImportJob | null>>) => {
    const id = targetId(target);
    setFailures(({ [id]: _cleared, ...rest }) => rest);
    const result = await settle(call);
    if (!result.ok) setFailures((current) => ({ ...current, [id]: result.error }));
    else if (result.value) dispatch({ type: 'started', job: result.value, chatId: 'chatId' in target ? target.chatId : null });
  }, []);

  return {
    running: state.running,
    finished: state.finished,
    failures,
    pick: useCallback(
      (collectionId: string, pick: 'files' | 'folder') =>
        start({ collectionId }, () => enclave().documents.importWithDialog({ collectionId, pick })),
      [start],
    ),
    importPaths: useCallback(
      (target: ImportTarget, paths: string[]) =>
        start(target, () =>
          'chatId' in target
            ? enclave().chats.attachFiles({ chatId: target.chatId, paths })
            : enclave().documents.importPaths({ collectionId: target.collectionId, paths }),
        ),
      [start],
    ),
    cancel: useCallback(async (jobId: string) => {
      await settle(() => enclave().documents.cancelImport({ jobId }));
    }, []),
    dismiss: useCallback((jobId: string) => dispatch({ type: 'dismissed', jobId }), []),
    dismissFailure: useCallback((id: string) => setFailures(({ [id]: _dismissed, ...rest }) => rest), []),
  };
}
