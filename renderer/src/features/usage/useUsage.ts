import { useCallback, useEffect, useState } from 'react';
import type { AppError } from '@shared/errors.js';
import type { PriceEntry, RemoteRequestRecord, UsageReport } from '@shared/remote.js';
import { enclave, settle } from '../../lib/api.js';
import { useEnclaveEvents } from '../../lib/useEnclaveEvents.js';

export interface UsageData {
  report: UsageReport | null;
  requests: RemoteRequestRecord[] | null;
  prices: PriceEntry[] | null;
  error: AppError | null;
  reload: () => Promise<void>;
  /** Saves a price (new or edited) and prices the report again with it. */
  setPrice: (price: Omit<PriceEntry, 'isDefault'>) => Promise<AppError | null>;
}

/**
 * The usage report, the record of remote requests and the price table for one period, fetched
 * together and again whenever a reply finishes, so the page follows chats written meanwhile.
 */
export function useUsage(since: number | null, comparisonModel: string | null): UsageData {
  const [report, setReport] = useState<UsageReport | null>(null);
  const [requests, setRequests] = useState<RemoteRequestRecord[] | null>(null);
  const [prices, setPrices] = useState<PriceEntry[] | null>(null);
  const [error, setError] = useState<AppError | null>(null);

  const reload = useCallback(() => {
    const api = enclave().usage;
    return Promise.all([
      settle(() => api.report({ since, comparisonModel })),
      settle(() => api.requests({ since })),
      settle(() => api.prices()),
    ]).then(([reportResult, requestsResult, pricesResult]) => {
      if (reportResult.ok) setReport(reportResult.value);
      if (requestsResult.ok) setRequests(requestsResult.value);
      if (pricesResult.ok) setPrices(pricesResult.value);
      const failed = [reportResult, requestsResult, pricesResult].find((result) => !result.ok);
      setError(failed?.error ?? null);
    });
  }, [since, comparisonModel]);

  useEffect(() => {
    void reload();
  }, [reload]);
  useEnclaveEvents((event) => {
    if (event.type === 'generation.finished') void reload();
  });

  const setPrice = useCallback(
    async (price: Omit<PriceEntry, 'isDefault'>) => {
      const result = await settle(() => enclave().usage.setPrice(price));
      if (!result.ok) return result.error;
      setPrices(result.value);
      await reload();
      return null;
    },
    [reload],
  );

  return { report, requests, prices, error, reload, setPrice };
}
