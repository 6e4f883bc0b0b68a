import type { DocumentImportJob, DocumentImportOutcome, DocumentImportProgress } from '@shared/documents.js';

/**
 * The document imports this window started, built from each request's answer and its own stream
 * (progress per file, then one end). A job runs in the background after its request answers, so its
 * first reports may come before the answer; the caller stops adding a run once its stream has ended.
 */
export interface ImportRun {
  jobId: string;
  collectionId: string;
  fileCount: number;
  /** Set when the files were dropped into this chat. */
  chatId: string | null;
  /** The latest report for each file, in the order the files started. */
  files: DocumentImportProgress[];
}

export interface FinishedImport {
  jobId: string;
  collectionId: string;
  chatId: string | null;
  outcomes: DocumentImportOutcome[];
}

export interface ImportRunsState {
  running: ImportRun[];
  finished: FinishedImport[];
}

/** Each action names the chat the import was started from (null: a collection), as its caller knows it. */
export type ImportRunsAction =
  | { type: 'started'; job: DocumentImportJob; chatId: string | null }
  | { type: 'progress'; progress: DocumentImportProgress; chatId: string | null }
  | { type: 'finished'; jobId: string; collectionId: string; outcomes: DocumentImportOutcome[]; chatId: string | null }
  | { type: 'dismissed'; jobId: string };

export const initialImportRuns: ImportRunsState = { running: [], finished: [] };

export function importRunsReducer(state: ImportRunsState, action: ImportRunsAction): ImportRunsState {
  switch (action.type) {
    case 'started': {
      const { job, chatId } = action;
      // Its first reports may have come first and started the run already.
      if (state.running.some((run) => run.jobId === job.jobId)) return state;
      return { ...state, running: [...state.running, { ...job, chatId, files: [] }] };
    }
    case 'progress': {
      const { progress, chatId } = action;
      const existing = state.running.find((run) => run.jobId === progress.jobId);
      const run: ImportRun = existing ?? { jobId: progress.jobId, collectionId: progress.collectionId, fileCount: progress.fileCount, chatId, files: [] };
      const known = run.files.some((file) => file.filePath === progress.filePath);
      const files = known ? run.files.map((file) => (file.filePath === progress.filePath ? progress : file)) : [...run.files, progress];
      const updated = { ...run, fileCount: progress.fileCount, files };
      return {
        ...state,
        running: existing ? state.running.map((other) => (other === existing ? updated : other)) : [...state.running, updated],
      };
    }
    case 'finished': {
      const { jobId, collectionId, chatId, outcomes } = action;
      return {
        running: state.running.filter((run) => run.jobId !== jobId),
        finished: [...state.finished, { jobId, collectionId, chatId, outcomes }],
      };
    }
    case 'dismissed':
      return { ...state, finished: state.finished.filter((run) => run.jobId !== action.jobId) };
  }
}

/** The file's name from a path written with either kind of slash. */
export function fileNameOf(filePath: string): string {
  return filePath.split(/[\\/]/).filter(Boolean).at(-1) ?? filePath;
}
