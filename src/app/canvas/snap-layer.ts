import {
  SNAP_SCREEN_PX,
  snapMove,
  snapResize,
  snapTargets,
  type LayerKind,
  type Rect,
  type ResizeEdges,
  type SnapResult,
} from '../../core/index.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { modifierKeys } from './modifier-keys.ts';
import { showSnapGuides } from './snap-guides-store.ts';

function context(kind: LayerKind) {
  const { document, view } = useEditorStore.getState();
  const other = document[kind === 'foreground' ? 'template' : 'foreground'];
  return { targets: snapTargets(document.canvas, other ? [other] : []), threshold: SNAP_SCREEN_PX / view.scale };
}

/**
 * The snapping of a drag about to start: snaps the dragged layer (canvas pixels) unless Alt is held, and shows
 * the guides of the snap. The targets are taken once, as nothing else moves during the drag.
 */
export function dragSnapper(kind: LayerKind): (rect: Rect) => Rect {
  const { targets, threshold } = context(kind);
  return (rect) => {
    if (modifierKeys.alt) {
      showSnapGuides([]);
      return rect;
    }
    const result = snapMove(rect, targets, threshold);
    showSnapGuides(result.guides);
    return result.rect;
  };
}

/** Snaps the dragged corner of a resize (canvas pixels) unless Alt is held. */
export function snapResizedLayer(kind: LayerKind, rect: Rect, edges: ResizeEdges, keepRatio: boolean): SnapResult {
  if (modifierKeys.alt) {
    showSnapGuides([]);
    return { rect, guides: [] };
  }
  const { targets, threshold } = context(kind);
  const result = snapResize(rect, edges, targets, threshold, keepRatio);
  showSnapGuides(result.guides);
  return result;
}

export const clearSnapGuides = () => showSnapGuides([]);
