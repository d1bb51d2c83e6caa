import { useEditorStore } from '../store/editor-store.ts';
import type { EditorAction } from './action.ts';

export const showShortcuts: EditorAction = {
  id: 'show-shortcuts',
  label: 'Keyboard shortcuts',
  icon: '?',
  testId: 'shortcuts-open',
  group: 'help',
  keys: { bindings: [{ key: '?' }], label: '?', help: 'Show or hide the list of shortcuts' },
  enabled: () => true,
  perform: () => {
    const { helpOpen, setHelpOpen } = useEditorStore.getState();
    setHelpOpen(!helpOpen);
  },
};

/**
 * Opens the context menu of the selected layer (of the canvas when nothing is selected) at the anchor: the
 * toolbar's "More" button, for those without a right button or a long press. Pressed again, it closes it.
 */
export const openContextMenu: EditorAction = {
  id: 'open-context-menu',
  label: 'More actions',
  icon: '⋯',
  testId: 'more-actions',
  title: 'More actions',
  group: 'menu',
  enabled: () => true,
  perform: ({ anchor }) => {
    const { contextMenu, selection, openContextMenu, closeContextMenu } = useEditorStore.getState();
    // The button toggles: a second press closes the menu it opened.
    if (contextMenu) closeContextMenu();
    else openContextMenu({ x: anchor?.x ?? 0, y: anchor?.y ?? 0, target: selection });
  },
};
