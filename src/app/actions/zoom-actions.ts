import { useEditorStore } from '../store/editor-store.ts';
import { ZOOM_STEP } from '../store/view-slice.ts';
import type { EditorAction } from './action.ts';

// The view can always change: zooming past the limits just stays at them.
const always = () => true;

export const zoomOut: EditorAction = {
  id: 'zoom-out',
  label: 'Zoom out',
  icon: '−',
  group: 'zoom',
  enabled: always,
  perform: () => useEditorStore.getState().zoomBy(1 / ZOOM_STEP),
};

export const zoomIn: EditorAction = {
  id: 'zoom-in',
  label: 'Zoom in',
  icon: '+',
  group: 'zoom',
  enabled: always,
  perform: () => useEditorStore.getState().zoomBy(ZOOM_STEP),
};

export const zoomToFit: EditorAction = {
  id: 'zoom-fit',
  label: 'Fit the canvas in the view',
  icon: 'Fit',
  group: 'zoom',
  enabled: always,
  pressed: (state) => state.zoomMode === 'fit',
  perform: () => useEditorStore.getState().zoomToFit(),
};

export const zoomTo100: EditorAction = {
  id: 'zoom-100',
  label: 'Zoom to 100 %',
  icon: '100 %',
  title: '1 canvas pixel = 1 screen pixel',
  group: 'zoom',
  enabled: always,
  perform: () => useEditorStore.getState().zoomTo(1),
};
