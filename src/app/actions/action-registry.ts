import type { EditorAction } from './action.ts';
import { compareEdge } from './compare-edge-action.ts';
import { newDocument } from './document-actions.ts';
import { fitSubjectCentred, fitSubjectOnFloor } from './fit-subject-actions.ts';
import { redo, undo } from './history-actions.ts';
import { removeLayer } from './layer-actions.ts';
import { nudgeActions } from './nudge-actions.ts';
import { openContextMenu, showShortcuts } from './overlay-actions.ts';
import { placementActions } from './placement-actions.ts';
import { deselect, selectNextLayer, selectPreviousLayer } from './selection-actions.ts';
import { zoomIn, zoomOut, zoomTo100, zoomToFit } from './zoom-actions.ts';

/** Every action of the editor, in the order the toolbar and the shortcut list show them. */
export const ACTIONS: readonly EditorAction[] = [
  undo,
  redo,
  zoomOut,
  zoomIn,
  zoomToFit,
  zoomTo100,
  ...placementActions,
  ...nudgeActions,
  removeLayer,
  compareEdge,
  fitSubjectCentred,
  fitSubjectOnFloor,
  deselect,
  selectNextLayer,
  selectPreviousLayer,
  openContextMenu,
  newDocument,
  showShortcuts,
];

const BY_ID = new Map(ACTIONS.map((action) => [action.id, action]));

/** The action with this id; a typo is a programming error, caught by the first render or test. */
export function actionById(id: string): EditorAction {
  const action = BY_ID.get(id);
  if (!action) throw new Error(`no editor action "${id}"`);
  return action;
}

export const actionsInGroup = (group: EditorAction['group']) => ACTIONS.filter((action) => action.group === group);
