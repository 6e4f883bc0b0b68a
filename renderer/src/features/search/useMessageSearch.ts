import { useEffect, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { MessageSearchHit } from '@shared/history.js';
import { enclave, settle } from '../../lib/api.js';
import { useDebouncedValue } from '../../lib/useDebouncedValue.js';

export interface SearchFilters {
  /** yyyy-mm-dd from a date field, or ''. */
  from: string;
  to: string;
  modelName: string;
  collectionId: string;
}

export const noFilters: SearchFilters = { from: '', to: '', modelName: '', collectionId: '' };

export interface MessageSearch {
  hits: MessageSearchHit[];
  hasMore: boolean;
  /** A search is under way (typing not settled, or the answer not back yet). */
  searching: boolean;
  error: AppError | null;
  /** The query the hits are for. */
  searchedFor: string;
  loadMore: () => void;
}

/** The answer for one query and set of filters (`key`), with the pages loaded so far. */
interface SearchPage {
  key: string;
  hits: MessageSearchHit[];
  hasMore: boolean;
  error: AppError | null;
}

const pageSize = 20;

/** Midnight at the start of a yyyy-mm-dd day in the user's time zone (`daysLater` after it), or null for no date. */
export function startOfDay(date: string, daysLater = 0): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + daysLater).getTime();
}

function searchPage(query: string, filters: SearchFilters, offset: number) {
  return settle(() =>
    enclave().chats.search({
      query,
      limit: pageSize,
      offset,
      since: startOfDay(filters.from),
      until: startOfDay(filters.to, 1),
      modelName: filters.modelName || null,
      collectionId: filters.collectionId || null,
    }),
  );
}

/**
 * Full-text search over every chat as the user types (once typing pauses), with filters. Answers are
 * kept with the query they answer, so a late answer to an older query is never shown as the newer one's.
 */
export function useMessageSearch(query: string, filters: SearchFilters): MessageSearch {
  const settledQuery = useDebouncedValue(query.trim(), 180);
  const key = JSON.stringify([settledQuery, filters.from, filters.to, filters.modelName, filters.collectionId]);
  const [page, setPage] = useState<SearchPage | null>(null);

  useEffect(() => {
    if (settledQuery === '') return;
    let current = true;
    void searchPage(settledQuery, filters, 0).then((result) => {
      if (!current) return;
      setPage(
        result.ok
          ? { key, hits: result.value.hits, hasMore: result.value.hasMore, error: null }
          : { key, hits: [], hasMore: false, error: result.error },
      );
    });
    return () => {
      current = false;
    };
    // `key` holds the query and every filter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const answer = settledQuery !== '' && page?.key === key ? page : null;
  return {
    hits: answer?.hits ?? [],
    hasMore: answer?.hasMore ?? false,
    searching: settledQuery !== query.trim() || (settledQuery !== '' && answer === null),
    error: answer?.error ?? null,
    searchedFor: settledQuery,
    loadMore() {
      if (!answer) return;
      void searchPage(settledQuery, filters, answer.hits.length).then((result) =>
        setPage((shown) => {
          if (shown?.key !== key) return shown;
          return result.ok
            ? { key, hits: [...shown.hits, ...result.value.hits], hasMore: result.value.hasMore, error: null }
            : { ...shown, error: result.error };
        }),
      );
    },
  };
}
