import type { QueryClient } from '@tanstack/react-query';
import { DEFAULT_CANVAS, coverPlacement, fitPlacement, type CompositionDocument } from '../core/index.ts';
import { sourceFromUrl } from './images/image-input.ts';

/** The sample images served with the app (public/samples), so the first start shows a composition. */
export const SAMPLE_PATHS = { foreground: '/samples/foreground.png', template: '/samples/background.jpg' };

/** The first-start composition: the sample photo covering a 3840x3840 canvas, the sample cut-out fitted on it. */
export async function loadSampleDocument(queryClient: QueryClient): Promise<CompositionDocument> {
  const origin = window.location.origin;
  const [foreground, template] = await Promise.all([
    sourceFromUrl(queryClient, `${origin}${SAMPLE_PATHS.foreground}`),
    sourceFromUrl(queryClient, `${origin}${SAMPLE_PATHS.template}`),
  ]);
  return {
    canvas: { ...DEFAULT_CANVAS },
    colorCode: null,
    template: { source: template, ...coverPlacement(template, DEFAULT_CANVAS) },
    foreground: { source: foreground, ...fitPlacement(foreground, DEFAULT_CANVAS) },
  };
}
