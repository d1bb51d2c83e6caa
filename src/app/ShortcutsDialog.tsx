import { useEffect, useRef } from 'react';

const SHORTCUTS: Array<[string, string]> = [
  ['Click / Tab on the canvas', 'Select a layer'],
  ['Drag', 'Move (snaps to canvas and layer edges and centres)'],
  ['Alt while dragging', 'Move without snapping'],
  ['Drag a corner', 'Scale, keeping the aspect ratio'],
  ['Shift while scaling', 'Scale freely'],
  ['← ↑ → ↓', 'Move the selected layer 1 px'],
  ['Shift + arrows', 'Move 10 px'],
  ['Delete / Backspace', 'Remove the selected layer'],
  ['Escape', 'Deselect'],
  ['Ctrl/⌘ + Z', 'Undo'],
  ['Ctrl/⌘ + Shift + Z, Ctrl + Y', 'Redo'],
  ['Wheel, pinch', 'Zoom around the pointer'],
  ['Space + drag, middle button', 'Pan'],
  ['Ctrl/⌘ + V', 'Paste an image as the foreground'],
  ['?', 'Show or hide this list'],
];

/** The list of keyboard and pointer shortcuts, opened with "?" or the toolbar button. */
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
          {SHORTCUTS.map(([keys, action]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{action}</td>
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
