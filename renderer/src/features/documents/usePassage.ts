import { useEffect, useState } from 'react';
import type { PassageView } from '@shared/documents.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';

export type PassageState = { phase: 'loading' } | { phase: 'ready'; passage: PassageView } | { phase: 'failed'; error: AppError };

/** The page (or stretch of text) around one stored passage, read from the index. */
export function usePassage(chunkId: number): PassageState {
  const [state, setState] = useState<{ chunkId: number; value: PassageState } | null>(null);
  useEffect(() => {
    let current = true;
    void settle(() => enclave().documents.passage({ chunkId })).then((result) => {
      if (!current) return;
      setState({ chunkId, value: result.ok ? { phase: 'ready', passage: result.value } : { phase: 'failed', error: result.error } });
    });
    return () => {
      current = false;
    };
  }, [chunkId]);
  // An answer for another passage (the viewer reused for a new one) is not shown as this one's.
  return state?.chunkId === chunkId ? state.value : { phase: 'loading' };
}
