import { queryOptions } from '@tanstack/react-query';
import type { ComplianceReport } from '../../core/index.ts';
import { apiFetch } from '../api/api-client.ts';

/** A completed job's result checked against a marketplace's rules; a result never changes, nor does its verdict. */
export const complianceQuery = (jobId: string, marketplace: string) =>
  queryOptions({
    queryKey: ['job-compliance', jobId, marketplace],
    queryFn: ({ signal }) =>
      apiFetch<ComplianceReport>(`/api/jobs/${encodeURIComponent(jobId)}/compliance?marketplace=${encodeURIComponent(marketplace)}`, { signal }),
    staleTime: Infinity,
  });
