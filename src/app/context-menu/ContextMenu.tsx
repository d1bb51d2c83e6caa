import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { createPortal } from 'react-dom';
import type { EditorAction } from '../actions/action.ts';
import { runAction, useActionEnabled, userContext } from '../actions/action-state.ts';
import { canvasMenuItems, layerMenuItems } from '../actions/context-menu-items.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectContextMenu } from '../store/selectors.ts';
import type { ContextMenuState } from '../store/overlay-slice.ts';

const LAYER_NAMES = { foreground: 'Foreground', template: 'Background image' } as const;
/** Kept between the menu and the window's edges. */
const EDGE = 4;

/** The items that can run now, in order: the ones the arrow keys move between. */
const enabledItems = (menu: HTMLElement | null) => [
  ...(menu?.querySelectorAll<HTMLElement>('[role="menuitem"]:not([disabled])') ?? []),
];

/**
 * The context menu of a layer or of the empty canvas, opened by a right-click or a long press on the canvas
 * (canvas/use-canvas-context-menu.ts) or by the toolbar's "More" button. A WAI-ARIA menu: the arrows, Home and
 * End move between the items that can run, Enter or Space runs one, Escape or Tab closes it and gives the
 * focus back; a press outside closes it.
 */
export function ContextMenu() {
  const menu = useEditorStore(selectContextMenu);
  if (!menu) return null;
  // A menu opened somewhere else is a new menu, with its own focus to give back.
  return createPortal(<OpenMenu key={`${menu.x},${menu.y},${menu.target}`} menu={menu} />, document.body);
}

function OpenMenu({ menu }: { menu: ContextMenuState }) {
  const ref = useRef<HTMLDivElement>(null);
  const opener = useRef<Element | null>(null);
  const [position, setPosition] = useState({ left: menu.x, top: menu.y });
  const items = menu.target ? layerMenuItems(menu.target) : canvasMenuItems();
  const label = menu.target ? `${LAYER_NAMES[menu.target]} actions` : 'Canvas actions';

  const close = (giveFocusBack: boolean) => {
    useEditorStore.getState().closeContextMenu();
    if (giveFocusBack && opener.current instanceof HTMLElement) opener.current.focus({ preventScroll: true });
  };

  useLayoutEffect(() => {
    opener.current = document.activeElement;
    const element = ref.current;
    if (!element) return;
    // Inside the window, also when opened near its right or bottom edge.
    const { width, height } = element.getBoundingClientRect();
    setPosition({
      left: Math.max(EDGE, Math.min(menu.x, window.innerWidth - width - EDGE)),
      top: Math.max(EDGE, Math.min(menu.y, window.innerHeight - height - EDGE)),
    });
    (enabledItems(element)[0] ?? element).focus({ preventScroll: true });
  }, [menu.x, menu.y]);

  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Element | null;
      if (ref.current?.contains(target)) return;
      // The button that opened the menu ("More") closes it itself, on its click.
      if (opener.current?.matches('[aria-haspopup="menu"]') && target && opener.current.contains(target)) return;
      useEditorStore.getState().closeContextMenu();
    };
    // The menu belongs where it was opened: when the page or the view under it moves, it goes.
    const onMove = () => useEditorStore.getState().closeContextMenu();
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('resize', onMove);
    window.addEventListener('wheel', onMove, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('resize', onMove);
      window.removeEventListener('wheel', onMove);
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const list = enabledItems(ref.current);
    const index = list.indexOf(document.activeElement as HTMLElement);
    const focusAt = (next: number) => list[(next + list.length) % list.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        focusAt(index + 1);
        break;
      case 'ArrowUp':
        focusAt(index < 0 ? -1 : index - 1);
        break;
      case 'Home':
        focusAt(0);
        break;
      case 'End':
        focusAt(-1);
        break;
      case 'Escape':
      case 'Tab':
        close(true);
        break;
      default:
        return;
    }
    event.preventDefault();
  };

  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={label}
      data-testid="context-menu"
      tabIndex={-1}
      style={{ left: position.left, top: position.top }}
      onKeyDown={onKeyDown}
      onContextMenu={(event) => event.preventDefault()}
    >
      {items.map((action, index) =>
        action ? (
          <MenuItem key={action.id} action={action} onDone={() => close(true)} />
        ) : (
          <div key={`separator-${index}`} role="separator" className="context-menu__separator" />
        ),
      )}
    </div>
  );
}

function MenuItem({ action, onDone }: { action: EditorAction; onDone: () => void }) {
  const enabled = useActionEnabled(action);
  const run = () => {
    // Closed first: an action that asks (New) does so without the menu over the page, and the focus is back.
    onDone();
    runAction(action, userContext());
  };
  return (
    <button
      type="button"
      role="menuitem"
      className="context-menu__item"
      data-testid={`menu-${action.id}`}
      disabled={!enabled}
      aria-disabled={!enabled || undefined}
      tabIndex={-1}
      onClick={run}
    >
      <span>{action.label}</span>
      {action.keys && <kbd className="context-menu__keys">{action.keys.label}</kbd>}
    </button>
  );
}
