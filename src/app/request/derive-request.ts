import {
  toRequest,
  validateRequest,
  type CompositionDocument,
  type RequestDraft,
  type RequestErrors,
} from '../../core/index.ts';
import { isLocalFileUrl, localFileFor } from '../images/local-files.ts';

export interface PendingUpload {
  field: 'origin_img' | 'template_url';
  fileName: string;
}

export interface DerivedRequest {
  /** The body exactly as the layout gives it. */
  body: RequestDraft;
  /** What keeps the body from being sent, by field. */
  errors: RequestErrors;
  /** Images that are still files in the browser; submitting uploads them and puts their URLs in the body. */
  pendingUploads: PendingUpload[];
  valid: boolean;
}

/** Where an upload's URL will be: a local file's field is checked as if it were already uploaded. */
const UPLOADED_URL = 'https://uploads.invalid/local-file';

/** The request a layout means, and whether it can be sent. A local file is not an error: it is uploaded first. */
export function deriveRequest(document: CompositionDocument): DerivedRequest {
  const body = toRequest(document);
  const pendingUploads: PendingUpload[] = [];
  for (const field of ['origin_img', 'template_url'] as const) {
    const url = body[field];
    if (url && isLocalFileUrl(url)) pendingUploads.push({ field, fileName: localFileFor(url)?.name ?? 'local file' });
  }
  // Checked with the uploads' stand-in URLs rather than failing on the local ones and dropping those errors:
  // this runs at the end of every drag, and a failed check (building its error) is most of its cost.
  const checked = { ...body };
  for (const { field } of pendingUploads) checked[field] = UPLOADED_URL;
  const result = validateRequest(checked);
  const errors: RequestErrors = result.ok ? {} : { ...result.errors };
  if (!document.foreground) {
    // Four "required" messages would all say one thing: there is no foreground yet.
    for (const field of ['origin_img', 'modify_origin_img_size', 'overlay_origin_x', 'overlay_origin_y']) delete errors[field];
    errors.origin_img = 'add a foreground image: origin_img and its size and position come from the foreground layer';
  }
  return { body, errors, pendingUploads, valid: Object.keys(errors).length === 0 };
}
