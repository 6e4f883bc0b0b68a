import type { IndexStatus, ReindexOutcome } from '@shared/documents.js';
import type { AppError } from '@shared/errors.js';
import type { EnclaveEvent } from '@shared/domain.js';
import { enclave } from '../../lib/api.js';
import { useLiveQuery } from '../../lib/useLiveQuery.js';

export type { ReindexOutcome } from '@shared/documents.js';

export interface IndexState {
  /** null until the first answer. */
  status: IndexStatus | null;
  error: AppError | null;
  lastReindex: ReindexOutcome | null;
  reload: () => Promise<void>;
}

const readIndexStatus = () => enclave().documents.indexStatus();
// A re-index moved on (or ended), or an import ended or a document went (collections.changed comes with each).
const indexChanged = (event: EnclaveEvent) => event.type === 'documents.indexChanged' || event.type === 'collections.changed';

/**
 * Which embedding model the library is indexed with, a background re-index as it runs, and how the
 * last one ended: all as core holds them, read again whenever core says the index changed.
 */
export function useIndexStatus(): IndexState {
  const { value: status, error, reload } = useLiveQuery(readIndexStatus, indexChanged);
  return { status, error, lastReindex: status?.lastReindex ?? null, reload };
}
