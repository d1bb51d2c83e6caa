import { useEffect } from 'react';
import { firstImageFile } from './images/image-input.ts';
import { usePlaceImage } from './images/use-place-image.ts';
import { useEditorStore } from './store/editor-store.ts';

/** A pasted image replaces the selected background image, or else becomes the foreground. */
export function usePasteImage(): void {
  const placeForeground = usePlaceImage('foreground');
  const placeTemplate = usePlaceImage('template');
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, [contenteditable="true"]')) return;
      const file = firstImageFile(event.clipboardData?.files);
      if (!file) return;
      event.preventDefault();
      const place = useEditorStore.getState().selection === 'template' ? placeTemplate : placeForeground;
      place.mutate({ file });
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [placeForeground, placeTemplate]);
}
