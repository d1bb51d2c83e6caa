import type { QueryClient } from '@tanstack/react-query';
import { fromRequest, validateRequest, type CompositionDocument, type RequestErrors } from '../../core/index.ts';
import { sourceFromUrl } from '../images/image-input.ts';

export type ImportResult = { ok: true; document: CompositionDocument } | { ok: false; errors: RequestErrors };

/** Lays out a pasted Akool body: checks it, loads its images for their natural sizes, and builds the document. */
export async function importRequest(queryClient: QueryClient, text: string): Promise<ImportResult> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: { body: `the text is not valid JSON: ${(error as Error).message}` } };
  }
  return layoutFromBody(queryClient, parsed);
}

/** Lays out a body (pasted, or a past job's): checks it, loads its images for their natural sizes. */
export async function layoutFromBody(queryClient: QueryClient, input: unknown): Promise<ImportResult> {
  const validation = validateRequest(input);
  if (!validation.ok) return validation;
  const body = validation.value;
  const errors: RequestErrors = {};
  const [origin, template] = await Promise.all([
    sourceFromUrl(queryClient, body.origin_img).catch((error: Error) => {
      errors.origin_img = `origin_img: ${error.message}`;
      return null;
    }),
    body.template_url
      ? sourceFromUrl(queryClient, body.template_url).catch((error: Error) => {
          errors.template_url = `template_url: ${error.message}`;
          return null;
        })
      : Promise.resolve(undefined),
  ]);
  if (!origin || template === null) return { ok: false, errors };
  return { ok: true, document: fromRequest(body, { origin, template }) };
}
