import { useEffect, useRef } from 'react';
import { ACTIONS } from './actions/action-registry.ts';
import { helpRows } from './actions/help-rows.ts';

// Made once: the registry does not change while the page runs.
const ROWS = helpRows(ACTIONS);

/** The list of keyboard and pointer shortcuts, opened with "?" or the toolbar button: the actions' keys, then the gestures. */
export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="shortcuts" data-testid="shortcuts" aria-labelledby="shortcuts-title" onClose={onClose}>
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {ROWS.map(({ keys, description }) => (
            <tr key={`${keys} ${description}`}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <form method="dialog">
        <button type="submit" autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
