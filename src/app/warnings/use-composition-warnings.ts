import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { compositionWarnings, type CompositionWarning } from '../../core/index.ts';
import { imageTransparencyQuery } from '../images/image-transparency-query.ts';
import { useSourceName } from '../images/use-source-name.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectDocument } from '../store/selectors.ts';

/** The layout's warnings (a layer drawn too large, a foreground without transparency), as they are now. */
export function useCompositionWarnings(): CompositionWarning[] {
  const document = useEditorStore(selectDocument);
  const { foreground } = document;
  // Only the foreground is asked: a background image is meant to be opaque.
  const transparency = useQuery({ ...imageTransparencyQuery(foreground?.source.url ?? ''), enabled: Boolean(foreground) });
  const transparent = transparency.data ?? null;
  const foregroundName = useSourceName(foreground?.source.url);
  const templateName = useSourceName(document.template?.source.url);
  return useMemo(
    () =>
      compositionWarnings(document, {
        foreground: document.foreground ? { name: foregroundName, transparent } : undefined,
        template: document.template ? { name: templateName, transparent: null } : undefined,
      }),
    [document, transparent, foregroundName, templateName],
  );
}
