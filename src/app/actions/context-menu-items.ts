import type { LayerKind } from '../../core/index.ts';
import type { EditorAction } from './action.ts';
import { actionById } from './action-registry.ts';
import { placementActions } from './placement-actions.ts';

/** A menu's items: actions, and null for a separator. */
export type MenuItems = ReadonlyArray<EditorAction | null>;

/** The menu of a layer (selected as the menu opens): the placements, fitting the product, then the foreground's comparing its cut-out's edge, and removing it. */
export function layerMenuItems(layer: LayerKind): MenuItems {
  const cutout = layer === 'foreground' ? [actionById('compare-edge')] : [];
  return [...placementActions, null, actionById('fit-subject-centre'), actionById('fit-subject-bottom'), null, ...cutout, actionById('remove-layer')];
}

/** The menu of the empty canvas. */
export function canvasMenuItems(): MenuItems {
  return [
    actionById('undo'),
    actionById('redo'),
    null,
    actionById('zoom-fit'),
    actionById('zoom-100'),
    null,
    actionById('new-document'),
  ];
}
