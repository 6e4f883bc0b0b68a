import type { DocumentImportJob, DocumentImportOutcome, DocumentImportProgress } from '../../../../electron/shared/documents.js';

/**
 * The document imports this window knows of, built from the calls it made and the events core
 * pushes. A job runs in the background after its call returns, so its progress and even its end can
 * arrive before the call's answer: a job that already finished is never brought back as running.
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
  /** Jobs whose end was seen, so a late call answer or progress report does not revive them. */
  ended: string[];
  /** Jobs started from a chat, by id, for jobs first seen through their events. */
  chatOfJob: Record<string, string>;
}

export type ImportRunsAction =
  | { type: 'started'; job: DocumentImportJob; chatId: string | null }
  | { type: 'progress'; progress: DocumentImportProgress }
  | { type: 'finished'; jobId: string; collectionId: string; outcomes: DocumentImportOutcome[] }
  | { type: 'dismissed'; jobId: string };

export const initialImportRuns: ImportRunsState = { running: [], finished: [], ended: [], chatOfJob: {} };

export function importRunsReducer(state: ImportRunsState, action: ImportRunsAction): ImportRunsState {
  switch (action.type) {
    case 'started': {
      const { job, chatId } = action;
      const chatOfJob = chatId ? { ...state.chatOfJob, [job.jobId]: chatId } : state.chatOfJob;
      const finished = state.finished.map((run) => (run.jobId === job.jobId ? { ...run, chatId } : run));
      if (state.ended.includes(job.jobId) || state.running.some((run) => run.jobId === job.jobId)) {
        return {
          ...state,
          chatOfJob,
          finished,
          running: state.running.map((run) => (run.jobId === job.jobId ? { ...run, chatId } : run)),
        };
      }
      return { ...state, chatOfJob, running: [...state.running, { ...job, chatId, files: [] }] };
    }
    case 'progress': {
      const { progress } = action;
      if (state.ended.includes(progress.jobId)) return state;
      const existing = state.running.find((run) => run.jobId === progress.jobId);
      const run: ImportRun = existing ?? {
        jobId: progress.jobId,
        collectionId: progress.collectionId,
        fileCount: progress.fileCount,
        chatId: state.chatOfJob[progress.jobId] ?? null,
        files: [],
      };
      const known = run.files.some((file) => file.filePath === progress.filePath);
      const files = known ? run.files.map((file) => (file.filePath === progress.filePath ? progress : file)) : [...run.files, progress];
      const updated = { ...run, fileCount: progress.fileCount, files };
      return {
        ...state,
        running: existing ? state.running.map((other) => (other === existing ? updated : other)) : [...state.running, updated],
      };
    }
    case 'finished': {
      const chatId = state.running.find((run) => run.jobId === action.jobId)?.chatId ?? state.chatOfJob[action.jobId] ?? null;
      return {
        ...state,
        running: state.running.filter((run) => run.jobId !== action.jobId),
        finished: [...state.finished, { jobId: action.jobId, collectionId: action.collectionId, chatId, outcomes: action.outcomes }],
        ended: [...state.ended, action.jobId],
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
