import { useCallback, useReducer, useState } from 'react';
import type { DocumentImportEvent, DocumentImportJob } from '@shared/documents.js';
import type { AppError, Result } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import { type FinishedImport, type ImportRun, importRunsReducer, initialImportRuns } from './importRuns.js';

/** Where an import was started: a collection in the Documents view, or a chat files were dropped into. */
export type ImportTarget = { collectionId: string } | { chatId: string };

export interface DocumentImports {
  running: ImportRun[];
  finished: FinishedImport[];
  /** Calls that failed before any job started (a collection gone, no dialog), by the id of their target. */
  failures: Record<string, AppError>;
  /** Each of these resolves false when nothing started: the dialog closed, or the call failed (kept in `failures`). */
  pick: (collectionId: string, pick: 'files' | 'folder') => Promise<boolean>;
  /** Files the user picks in the file dialog, into the chat's own collection (as a drop would). */
  pickForChat: (chatId: string) => Promise<boolean>;
  /** Imports files and folders the user dropped, by the grants main gave for them. */
  importGranted: (target: ImportTarget, grants: string[]) => Promise<boolean>;
  cancel: (jobId: string) => Promise<void>;
  dismiss: (jobId: string) => void;
  dismissFailure: (targetId: string) => void;
}

const targetId = (target: ImportTarget) => ('chatId' in target ? target.chatId : target.collectionId);

type ImportListener = (event: DocumentImportEvent) => void;

/**
 * Document imports in the background: started from the dialog, dropped files or a chat, each followed
 * through its own request's stream (progress per file, then its end), cancellable. One for the window,
 * so a run keeps its progress while the user looks elsewhere.
 */
export function useDocumentImports(): DocumentImports {
  const [state, dispatch] = useReducer(importRunsReducer, initialImportRuns);
  const [failures, setFailures] = useState<Record<string, AppError>>({});

  const start = useCallback(async (target: ImportTarget, call: (onEvent: ImportListener) => Promise<Result<DocumentImportJob | null>>): Promise<boolean> => {
    const id = targetId(target);
    const chatId = 'chatId' in target ? target.chatId : null;
    setFailures(({ [id]: _cleared, ...rest }) => rest);
    // A short import can end before its request answers: the answer must not bring it back as running.
    const stream = { ended: false };
    const result = await settle(() =>
      call((event) => {
        if (event.type === 'progress') {
          dispatch({ type: 'progress', progress: event.progress, chatId });
          return;
        }
        stream.ended = true;
        dispatch({ type: 'finished', jobId: event.jobId, collectionId: event.collectionId, outcomes: event.outcomes, chatId });
      }),
    );
    if (!result.ok) setFailures((current) => ({ ...current, [id]: result.error }));
    else if (result.value && !stream.ended) dispatch({ type: 'started', job: result.value, chatId });
    return result.ok && result.value !== null;
  }, []);

  return {
    running: state.running,
    finished: state.finished,
    failures,
    pick: useCallback(
      (collectionId: string, pick: 'files' | 'folder') =>
        start({ collectionId }, (onEvent) => enclave().documents.importWithDialog({ collectionId, pick }, onEvent)),
      [start],
    ),
    pickForChat: useCallback(
      (chatId: string) => start({ chatId }, (onEvent) => enclave().chats.attachWithDialog({ chatId }, onEvent)),
      [start],
    ),
    importGranted: useCallback(
      (target: ImportTarget, grants: string[]) =>
        start(target, (onEvent) =>
          'chatId' in target
            ? enclave().chats.attachFiles({ chatId: target.chatId, grants }, onEvent)
            : enclave().documents.importPaths({ collectionId: target.collectionId, grants }, onEvent),
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
