/**
 * Where each kind of blob is kept in the blob store. The disk store maps a key to DATA_DIR/<key>, so these are
 * also the paths existing data directories already use: uploads/<id>, results/<job>.png and its previews.
 */

/** The top folders of the keys below (the disk store cleans half-written files out of them at start). */
export const BLOB_FOLDERS = ['uploads', 'results'] as const;

/** An uploaded image, as checked and turned upright; a prepared cut-out is an upload too. */
export const uploadKey = (id: string) => `uploads/${id}`;

/** A job's result, as PNG. */
export const resultKey = (jobId: string) => `results/${jobId}.png`;

/** The result made small for the screen (WebP, at most RESULT_PREVIEW_SIDE a side), deleted with the result. */
export const previewKey = (jobId: string) => `results/${jobId}.preview.webp`;

/** The history's thumbnail of the result, made on first request and deleted with the result. */
export const thumbnailKey = (jobId: string) => `results/${jobId}.thumb.webp`;

/** Everything kept for a job's result, to delete together. */
export const resultKeys = (jobId: string) => [resultKey(jobId), thumbnailKey(jobId), previewKey(jobId)];

/** A photo an api replica hands to a worker's remove-background step (server/cutout/queued-removal.ts). */
export const removalPhotoKey = (requestId: string) => `removals/${requestId}.photo`;

/** The worker's answer to that request (JSON), read and deleted by the replica that asked. */
export const removalAnswerKey = (requestId: string) => `removals/${requestId}.answer.json`;
