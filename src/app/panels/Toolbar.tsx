import { ActionButton } from '../actions/ActionButton.tsx';
import { actionById, actionsInGroup } from '../actions/action-registry.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectContextMenu, selectZoomPercent } from '../store/selectors.ts';

const buttons = (ids: string[]) => ids.map((id) => <ActionButton key={id} action={actionById(id)} />);

/**
 * Undo/redo, zoom, the selected layer's placement actions, more actions (the context menu), a new document and
 * the shortcut list: every button is an editor action (actions/action-registry.ts).
 */
export function Toolbar() {
  // The rounded percent only: panning, and zooming within one percent, leave the toolbar alone.
  const zoomPercent = useEditorStore(selectZoomPercent);
  const menuOpen = useEditorStore((state) => selectContextMenu(state) !== null);

  return (
    <div className="toolbar" role="toolbar" aria-label="Editor tools">
      <div className="toolbar__group">{buttons(['undo', 'redo'])}</div>
      <div className="toolbar__group" aria-label="Zoom">
        {buttons(['zoom-out'])}
        <output className="toolbar__zoom" data-testid="zoom-level" aria-label="Zoom level">
          {zoomPercent} %
        </output>
        {buttons(['zoom-in', 'zoom-fit', 'zoom-100'])}
      </div>
      <div className="toolbar__group" aria-label="Place the selected layer">
        {actionsInGroup('placement').map((action) => (
          <ActionButton key={action.id} action={action} />
        ))}
      </div>
      <div className="toolbar__group toolbar__group--end">
        <ActionButton action={actionById('open-context-menu')} aria-haspopup="menu" aria-expanded={menuOpen} />
        {buttons(['new-document', 'show-shortcuts'])}
      </div>
    </div>
  );
}
