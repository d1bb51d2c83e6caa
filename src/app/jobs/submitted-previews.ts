/**
 * The editor's preview of each job submitted in this tab, for comparing with its result. Kept in memory only:
 * a job opened after a reload is compared with the layout it restores instead.
 */
const previews = new Map<string, string>();

export const rememberPreview = (jobId: string, dataUrl: string) => previews.set(jobId, dataUrl);
export const previewOf = (jobId: string) => previews.get(jobId);
