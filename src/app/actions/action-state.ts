import { useStore } from 'zustand';
import { useHistoryAvailability } from '../history.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { ActionContext, ActionState, EditorAction } from './action.ts';

/** The state actions are judged against, now. */
export function currentActionState(): ActionState {
  const history = useEditorStore.temporal.getState();
  return { ...useEditorStore.getState(), canUndo: history.pastStates.length > 0, canRedo: history.futureStates.length > 0 };
}

/** The context of an action the user asked for with a click or a key. */
export function userContext(options: Partial<ActionContext> = {}): ActionContext {
  return { repeat: false, confirm: (message) => window.confirm(message), ...options };
}

/** Runs an action if it can run now; says whether it did (false also when the action passed). */
export function runAction(action: EditorAction, context: ActionContext): boolean {
  if (!action.enabled(currentActionState())) return false;
  return action.perform(context) !== false;
}

/** Whether an action can run, kept up to date for a component (a button, a menu item). */
export function useActionEnabled(action: EditorAction): boolean {
  const { canUndo, canRedo } = useHistoryAvailability();
  return useStore(useEditorStore, (state) => action.enabled({ ...state, canUndo, canRedo }));
}

/** Whether a toggle-like action is on, kept up to date. */
export function useActionPressed(action: EditorAction): boolean | undefined {
  const { canUndo, canRedo } = useHistoryAvailability();
  return useStore(useEditorStore, (state) => action.pressed?.({ ...state, canUndo, canRedo }));
}
