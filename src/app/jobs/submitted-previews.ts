/**
 * The editor's preview of each job submitted in this tab, for comparing with its result. Kept in memory only:
 * a job opened after a reload is compared with the layout it restores instead.
 */
const previews = new Map<string, string>();

/** `url`: an object URL of the PNG, kept for the life of the tab like the map itself. */
export const rememberPreview = (jobId: string, url: string) => previews.set(jobId, url);
export const previewOf = (jobId: string) => previews.get(jobId);
