import type { JobRecord } from '../domain/job.ts';

/** The job as our HTTP API shows it. */
export function jobView(job: JobRecord, baseUrl: string) {
  return {
    id: job.id,
    status: job.status,
    provider: job.provider,
    request: job.request,
    createdAt: new Date(job.createdAt).toISOString(),
    updatedAt: new Date(job.updatedAt).toISOString(),
    ...(job.error ? { error: job.error } : {}),
    ...(job.result ? { result: { ...job.result, format: 'png', url: `${baseUrl}/api/jobs/${job.id}/result` } } : {}),
  };
}

const IMAGE_STATUS = { queued: 1, processing: 2, completed: 3, failed: 4 } as const;

/** The job as Akool's infobymodelid shows an image: `_id`, `image_status` 1..4, `image` once completed. */
export function akoolImageView(job: JobRecord, baseUrl: string) {
  return {
    _id: job.id,
    create_time: job.createdAt,
    image_status: IMAGE_STATUS[job.status],
    type: 3,
    error_reasons: job.error ? [job.error.message] : [],
    ...(job.status === 'completed' ? { image: `${baseUrl}/api/jobs/${job.id}/result` } : {}),
  };
}
