import { useMemo } from 'react';
import { useStore } from 'zustand';
import { useHistoryAvailability } from '../history.ts';
import { useEditorStore } from '../store/editor-store.ts';
import type { ActionContext, EditorAction, HistoryAvailability } from './action.ts';

function historyAvailability(): HistoryAvailability {
  const history = useEditorStore.temporal.getState();
  return { canUndo: history.pastStates.length > 0, canRedo: history.futureStates.length > 0 };
}

/** Whether an action can run now. */
export function canRun(action: EditorAction): boolean {
  return action.enabled(useEditorStore.getState(), historyAvailability());
}

/** The context of an action the user asked for with a click or a key. */
export function userContext(options: Partial<ActionContext> = {}): ActionContext {
  return { repeat: false, confirm: (message) => window.confirm(message), ...options };
}

/** Runs an action if it can run now; says whether it did (false also when the action passed). */
export function runAction(action: EditorAction, context: ActionContext): boolean {
  if (!canRun(action)) return false;
  return action.perform(context) !== false;
}

/**
 * Whether an action can run, kept up to date for a component (a button, a menu item). The selector runs on
 * every store change (each pan and zoom step too), so it copies nothing: the button re-renders only when the
 * answer changes.
 */
export function useActionEnabled(action: EditorAction): boolean {
  const { canUndo, canRedo } = useHistoryAvailability();
  const history = useMemo(() => ({ canUndo, canRedo }), [canUndo, canRedo]);
  return useStore(useEditorStore, (state) => action.enabled(state, history));
}

/** Whether a toggle-like action is on, kept up to date; only for an action that has `pressed`. */
export function useActionPressed(pressed: NonNullable<EditorAction['pressed']>): boolean {
  return useStore(useEditorStore, pressed);
}
