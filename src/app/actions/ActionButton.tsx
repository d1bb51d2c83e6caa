import type { MouseEvent } from 'react';
import type { EditorAction } from './action.ts';
import { runAction, useActionEnabled, useActionPressed, userContext } from './action-state.ts';

/** The tooltip: the action's title or label, its keys, and why it cannot run now. */
function tooltip(action: EditorAction, enabled: boolean): string {
  const base = action.title ?? (action.keys ? `${action.label} (${action.keys.label})` : action.label);
  return !enabled && action.whyDisabled ? `${base} (${action.whyDisabled})` : base;
}

type ActionButtonProps = { action: EditorAction; 'aria-haspopup'?: 'menu'; 'aria-expanded'?: boolean };

/**
 * A toolbar button made from an action: its face, name, tooltip, enabled state and what a click does. Only a
 * toggle-like action (one with `pressed`) watches the store for whether it is on.
 */
export function ActionButton(props: ActionButtonProps) {
  const { pressed } = props.action;
  return pressed ? <ToggleActionButton {...props} pressed={pressed} /> : <ActionButtonFace {...props} />;
}

function ToggleActionButton({ pressed, ...props }: ActionButtonProps & { pressed: NonNullable<EditorAction['pressed']> }) {
  return <ActionButtonFace {...props} pressed={useActionPressed(pressed)} />;
}

function ActionButtonFace({ action, pressed, ...rest }: ActionButtonProps & { pressed?: boolean }) {
  const enabled = useActionEnabled(action);
  const onClick = (event: MouseEvent<HTMLButtonElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    // What opens from a button (the menu) opens under it.
    runAction(action, userContext({ anchor: { x: box.left, y: box.bottom + 4 } }));
  };
  return (
    <button
      type="button"
      data-testid={action.testId ?? action.id}
      onClick={onClick}
      disabled={!enabled}
      aria-label={action.label}
      aria-pressed={pressed}
      title={tooltip(action, enabled)}
      {...rest}
    >
      {action.icon ?? action.label}
    </button>
  );
}
