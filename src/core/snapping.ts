import type { Rect } from './geometry.ts';

/** Snap distance in screen pixels; divided by the zoom it becomes canvas pixels, so it feels the same at any zoom. */
export const SNAP_SCREEN_PX = 8;

/** A line a snap holds to: vertical lines have an x (`axis: 'x'`), horizontal ones a y. */
export interface SnapGuide {
  axis: 'x' | 'y';
  position: number;
}

/** Lines a layer can snap to: the canvas edges and centre, and the other layers' edges and centres. */
export interface SnapTargets {
  x: number[];
  y: number[];
}

export function snapTargets(canvas: { width: number; height: number }, others: Rect[]): SnapTargets {
  const x = [0, canvas.width / 2, canvas.width];
  const y = [0, canvas.height / 2, canvas.height];
  for (const rect of others) {
    x.push(rect.x, rect.x + rect.width / 2, rect.x + rect.width);
    y.push(rect.y, rect.y + rect.height / 2, rect.y + rect.height);
  }
  return { x, y };
}

interface AxisSnap {
  delta: number;
  guide: number | null;
}

/**
 * The smallest move that puts one of `lines` on one of `targets`, if within `threshold`. Runs on every pointer
 * move of a drag, so it loops by index and builds one result: nothing for the garbage collector in between.
 */
function snapAxis(lines: number[], targets: number[], threshold: number): AxisSnap {
  let delta = 0;
  let guide: number | null = null;
  let bestDistance = threshold;
  for (let i = 0; i < lines.length; i += 1) {
    for (let j = 0; j < targets.length; j += 1) {
      const distance = Math.abs(targets[j]! - lines[i]!);
      if (distance <= bestDistance) {
        // On a tie the earlier line wins: the leading edge before the centre before the trailing edge.
        if (distance < bestDistance || guide === null) {
          delta = targets[j]! - lines[i]!;
          guide = targets[j]!;
        }
        bestDistance = distance;
      }
    }
  }
  return { delta, guide };
}

export interface SnapResult {
  /** The moved rectangle after snapping; x and y are whole pixels when snapped to whole-pixel targets. */
  rect: Rect;
  guides: SnapGuide[];
}

/**
 * Snaps a moving layer: its left edge, centre or right edge to the nearest vertical target and its top edge,
 * centre or bottom edge to the nearest horizontal one, each within `threshold` canvas pixels. Axes are
 * independent, so a layer can snap to the canvas centre horizontally and to another layer's top.
 */
export function snapMove(rect: Rect, targets: SnapTargets, threshold: number): SnapResult {
  const sx = snapAxis([rect.x, rect.x + rect.width / 2, rect.x + rect.width], targets.x, threshold);
  const sy = snapAxis([rect.y, rect.y + rect.height / 2, rect.y + rect.height], targets.y, threshold);
  const guides: SnapGuide[] = [];
  if (sx.guide !== null) guides.push({ axis: 'x', position: sx.guide });
  if (sy.guide !== null) guides.push({ axis: 'y', position: sy.guide });
  return { rect: { ...rect, x: rect.x + sx.delta, y: rect.y + sy.delta }, guides };
}

/** Which edges a resize moves: the corner handle dragged. */
export interface ResizeEdges {
  left: boolean;
  top: boolean;
}

/**
 * Snaps the moving corner of a resize to the nearest targets, keeping the opposite corner fixed. With the aspect
 * ratio kept, only the axis that snaps nearer is used and the other side follows the ratio.
 */
export function snapResize(
  rect: Rect,
  edges: ResizeEdges,
  targets: SnapTargets,
  threshold: number,
  keepRatio: boolean,
): SnapResult {
  const right = rect.x + rect.width;
  const bottom = rect.y + rect.height;
  const movingX = edges.left ? rect.x : right;
  const movingY = edges.top ? rect.y : bottom;
  const sx = snapAxis([movingX], targets.x, threshold);
  const sy = snapAxis([movingY], targets.y, threshold);
  let width = rect.width + (edges.left ? -sx.delta : sx.delta);
  let height = rect.height + (edges.top ? -sy.delta : sy.delta);
  const guides: SnapGuide[] = [];
  if (keepRatio) {
    const ratio = rect.width / rect.height;
    const useX = sx.guide !== null && (sy.guide === null || Math.abs(sx.delta) <= Math.abs(sy.delta));
    if (useX) {
      height = width / ratio;
      guides.push({ axis: 'x', position: sx.guide! });
    } else if (sy.guide !== null) {
      width = height * ratio;
      guides.push({ axis: 'y', position: sy.guide });
    } else {
      width = rect.width;
      height = rect.height;
    }
  } else {
    if (sx.guide !== null) guides.push({ axis: 'x', position: sx.guide });
    if (sy.guide !== null) guides.push({ axis: 'y', position: sy.guide });
  }
  if (width < 1 || height < 1) return { rect, guides: [] };
  return {
    rect: {
      x: edges.left ? right - width : rect.x,
      y: edges.top ? bottom - height : rect.y,
      width,
      height,
    },
    guides,
  };
}
