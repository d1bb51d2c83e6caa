import { cutoutOrigin } from '../cutout/cutout-origins.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

/**
 * Opens the before/after look at the foreground cut-out's edge, magnified (cutout/EdgeCompareDialog.tsx): from
 * the foreground's card and its context menu. Only for a cut-out made in this tab, whose photo the tab knows
 * (the same condition as "Restore original").
 */
export const compareEdge: EditorAction = {
  id: 'compare-edge',
  label: 'Compare edge',
  title: 'Compare the cut-out’s edge with the original photo, magnified',
  whyDisabled: 'only for a background removed in this tab',
  group: 'layer',
  // The origin is remembered before the document names the cut-out, so the store change that follows re-asks this.
  enabled: (state) => Boolean(state.document.foreground && cutoutOrigin(state.document.foreground.source.url)),
  perform: () => useEditorStore.getState().setEdgeCompareOpen(true),
};
