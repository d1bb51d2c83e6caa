import type { QueryClient } from '@tanstack/react-query';
import type { CompositionDocument, RequestDraft } from '../core/index.ts';
import { exportCanvasPreview } from './canvas/export-preview.ts';
import { solidRowsQuery } from './effects/solid-rows-query.ts';
import { uploadQuery } from './jobs/upload-query.ts';
import { uploadStateOf } from './jobs/upload-state.ts';
import { deriveRequest } from './request/derive-request.ts';
import { useEditorStore } from './store/editor-store.ts';

/** Read-only access to the canvas state for end-to-end tests (development and test builds only). */
export interface EditorTestHandle {
  document(): CompositionDocument;
  /** The request body of the layout as the request panel shows it, or null when it cannot be sent. */
  request(): RequestDraft | null;
  /** CSS pixels per canvas pixel, and the client coordinates of canvas (0,0). */
  view(): { scale: number; originX: number; originY: number };
  selection(): string | null;
  /** The editor's own drawing of the canvas area, at most `maxSide` px (what the result's Compare shows), as a PNG data URL. */
  preview(maxSide: number): string | null;
}

declare global {
  interface Window {
    __editor?: EditorTestHandle;
  }
}

export function installTestHandle(queryClient: QueryClient): void {
  const state = () => useEditorStore.getState();
  window.__editor = Object.freeze({
    document: () => structuredClone(state().document),
    request: () => {
      const { document } = state();
      const rows = document.foreground && queryClient.getQueryState(solidRowsQuery(document.foreground.source.url).queryKey);
      const derived = deriveRequest(
        document,
        (url) => uploadStateOf(queryClient.getQueryState(uploadQuery(url).queryKey)),
        rows?.status === 'success' ? { rows: rows.data ?? null } : undefined,
      );
      return derived.valid ? structuredClone(derived.body) : null;
    },
    view: () => {
      const { scale, offsetX, offsetY } = state().view;
      const box = document.querySelector('[data-testid="canvas-stage"]')?.getBoundingClientRect();
      return { scale, originX: (box?.left ?? 0) + offsetX, originY: (box?.top ?? 0) + offsetY };
    },
    selection: () => state().selection,
    preview: (maxSide: number) => exportCanvasPreview(state().document.canvas, maxSide),
  });
}
