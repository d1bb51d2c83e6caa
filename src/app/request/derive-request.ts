import {
  BAKED_AT_SUBMIT,
  bakedPadding,
  hasEffects,
  toRequest,
  withBakedForeground,
  validateRequest,
  type CompositionDocument,
  type LayerKind,
  type RequestDraft,
  type RequestErrors,
  type SolidRows,
} from '../../core/index.ts';
import { isLocalFileUrl, localFileFor } from '../images/local-files.ts';
import type { UploadState } from '../jobs/upload-state.ts';

/** A layer whose image is a file in this browser, not (yet) on the server. */
export interface PendingUpload {
  field: 'origin_img' | 'template_url';
  layer: LayerKind;
  fileName: string;
  upload: Exclude<UploadState, { kind: 'uploaded' }>;
}

export interface DerivedRequest {
  /** The body the layout gives; a local file whose upload finished is named by the upload's server URL. */
  body: RequestDraft;
  /** What keeps the body from being sent, by field. */
  errors: RequestErrors;
  /**
   * Images still only in the browser: the body names their `blob:` URL, which nothing outside this tab can
   * read, so it cannot be copied and sent as it is. Submit uploads them (or joins their upload) first.
   */
  pendingUploads: PendingUpload[];
  /**
   * The foreground has effects: Submit bakes them into its image on the server and sends that image, placed
   * around the layer. The body names it BAKED_AT_SUBMIT, with its size and offset once the rows of the subject
   * are measured ('placed'); until then ('measuring') those fields are the layer's own.
   */
  bakedForeground: 'measuring' | 'placed' | null;
  valid: boolean;
}

/** Where an upload's URL will be: a local file's field is checked as if it were already uploaded. */
const UPLOADED_URL = 'https://uploads.invalid/local-file';

const LAYER_OF_FIELD = { origin_img: 'foreground', template_url: 'template' } as const;

/**
 * The request a layout means, and whether it can be sent. A local file is not an error: it is uploaded first.
 * `uploadOf` tells where the upload of a local file (by its object URL) stands.
 */
export function deriveRequest(
  document: CompositionDocument,
  uploadOf: (localUrl: string) => UploadState = () => ({ kind: 'waiting' }),
  /** The foreground's solid rows at its full size (solid-rows-query.ts), when measured; null: none is solid. */
  foregroundRows?: { rows: SolidRows | null },
): DerivedRequest {
  const effects = document.foreground?.effects;
  const bakedForeground = hasEffects(effects) ? (foregroundRows ? 'placed' : 'measuring') : null;
  const shown =
    bakedForeground === 'placed'
      ? withBakedForeground(document, { url: BAKED_AT_SUBMIT, padding: bakedPadding(effects!, document.foreground!.source, foregroundRows!.rows) })
      : document;
  const body = toRequest(shown);
  if (bakedForeground) body.origin_img = BAKED_AT_SUBMIT;
  const pendingUploads: PendingUpload[] = [];
  for (const field of ['origin_img', 'template_url'] as const) {
    // The foreground's own file is still uploaded first (Submit bakes the server's copy).
    const url = field === 'origin_img' && bakedForeground ? document.foreground!.source.url : body[field];
    if (!url || !isLocalFileUrl(url)) continue;
    const upload = uploadOf(url);
    if (upload.kind === 'uploaded') {
      if (!(field === 'origin_img' && bakedForeground)) body[field] = upload.upload.url;
    } else pendingUploads.push({ field, layer: LAYER_OF_FIELD[field], fileName: localFileFor(url)?.name ?? 'local file', upload });
  }
  // Checked with the uploads' stand-in URLs rather than failing on the local ones and dropping those errors:
  // this runs at the end of every drag, and a failed check (building its error) is most of its cost.
  const checked = { ...body };
  for (const { field } of pendingUploads) checked[field] = UPLOADED_URL;
  if (bakedForeground) checked.origin_img = UPLOADED_URL;
  const result = validateRequest(checked);
  const errors: RequestErrors = result.ok ? {} : { ...result.errors };
  if (!document.foreground) {
    // Four "required" messages would all say one thing: there is no foreground yet.
    for (const field of ['origin_img', 'modify_origin_img_size', 'overlay_origin_x', 'overlay_origin_y']) delete errors[field];
    errors.origin_img = 'add a foreground image: origin_img and its size and position come from the foreground layer';
  }
  return { body, errors, pendingUploads, bakedForeground, valid: Object.keys(errors).length === 0 };
}
