import { useLayoutEffect, type RefObject } from 'react';

/**
 * Shows a <dialog> as modal while the component is mounted: the focus goes to its first control (`focusFirst`,
 * e.g. Close) and comes back to whatever had it before, if that is still on the page. Before paint, so that
 * the dialog never shows as a plain element first.
 */
export function useModalDialog(dialog: RefObject<HTMLDialogElement | null>, focusFirst: RefObject<HTMLElement | null>): void {
  useLayoutEffect(() => {
    const element = dialog.current!;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    element.showModal();
    focusFirst.current?.focus();
    return () => {
      if (element.open) element.close();
      if (opener?.isConnected) opener.focus();
    };
  }, [dialog, focusFirst]);
}
