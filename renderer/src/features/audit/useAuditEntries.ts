import { useCallback, useEffect, useState } from 'react';
import type { AuditEntry, AuditEventGroup } from '@shared/audit.js';
import type { AppError } from '@shared/errors.js';
import { enclave, settle } from '../../lib/api.js';
import type { DayRange } from './auditText.js';

/** Entries shown at first, and added by each "Show more". */
export const auditPageSize = 100;

/** Which entries to list: a group of types (null: all) and a range of times. */
export interface AuditQuery {
  group: AuditEventGroup | null;
  range: DayRange;
}

export interface AuditEntries {
  /** The first entries that match, in the trail's order; null until the first answer. */
  entries: AuditEntry[] | null;
  /** Whether more entries match than are shown. */
  more: boolean;
  /** A request is on its way (the entries shown are the previous answer until it comes). */
  loading: boolean;
  error: AppError | null;
  /** Shows another page of entries. */
  showMore: () => void;
  /** Reads the shown entries again (another window or the CLI may have acted since). */
  reload: () => void;
}

interface Answer {
  /** The request it answers, so an answer to an earlier filter is never shown for the current one. */
  request: string;
  entries: AuditEntry[] | null;
  more: boolean;
  error: AppError | null;
}

/**
 * The trail's entries for a query, one page at a time: never the whole trail, which may hold a million
 * entries. `audit.list` answers the first `limit` that match, so showing more asks again with a larger
 * limit: it reads again what is shown, which costs little at the sizes a person pages through, and it
 * stays right when the clock went back between two entries (a cursor by time would skip or repeat some).
 * With `query` null (the filter is not valid yet) nothing is asked.
 */
export function useAuditEntries(query: AuditQuery | null): AuditEntries {
  const group = query?.group ?? null;
  const since = query?.range.since;
  const until = query?.range.until;
  const filterKey = query === null ? null : JSON.stringify([group, since, until]);
  // A new filter starts again at one page.
  const [page, setPage] = useState({ filterKey, limit: auditPageSize });
  const limit = page.filterKey === filterKey ? page.limit : auditPageSize;
  const [revision, setRevision] = useState(0);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const request = filterKey === null ? null : `${filterKey}:${String(limit)}:${String(revision)}`;

  useEffect(() => {
    if (request === null) return;
    let current = true;
    const filter = { ...(group === null ? {} : { type: group }), ...(since === undefined ? {} : { since }), ...(until === undefined ? {} : { until }) };
    // One more than shown: whether it comes back says if there are more, without counting them all.
    void settle(() => enclave().audit.list({ ...filter, limit: limit + 1 })).then((result) => {
      if (!current) return;
      setAnswer((previous) =>
        result.ok
          ? { request, entries: result.value.slice(0, limit), more: result.value.length > limit, error: null }
          : { request, entries: previous?.entries ?? null, more: previous?.more ?? false, error: result.error },
      );
    });
    return () => {
      current = false;
    };
  }, [request, group, since, until, limit]);

  const showMore = useCallback(() => setPage({ filterKey, limit: limit + auditPageSize }), [filterKey, limit]);
  const reload = useCallback(() => setRevision((value) => value + 1), []);
  return {
    entries: answer?.entries ?? null,
    more: answer?.more ?? false,
    loading: request !== null && answer?.request !== request,
    error: answer?.error ?? null,
    showMore,
    reload,
  };
}
