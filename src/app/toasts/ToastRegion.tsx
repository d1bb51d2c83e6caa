import { useEffect, useRef, useState } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { selectToasts } from '../store/selectors.ts';
import type { Toast } from '../store/toast-slice.ts';

/** How long a toast stays; it waits while the pointer or the focus is on it (WCAG 2.2.1). */
export const TOAST_MS = 10_000;

function ToastItem({ toast }: { toast: Toast }) {
  const dismissToast = useEditorStore((state) => state.dismissToast);
  const box = useRef<HTMLDivElement>(null);
  const actionButton = useRef<HTMLButtonElement>(null);
  const [hovered, setHovered] = useState(false);
  const [focused, setFocused] = useState(false);
  const [running, setRunning] = useState(false);

  const close = () => {
    const hadFocus = box.current?.contains(document.activeElement) ?? false;
    dismissToast(toast.id);
    if (hadFocus && toast.returnFocusTo) document.getElementById(toast.returnFocusTo)?.focus();
  };
  const closeRef = useRef(close);
  closeRef.current = close;

  useEffect(() => {
    if (toast.takeFocus) (actionButton.current ?? box.current)?.focus();
  }, [toast.takeFocus]);

  const paused = hovered || focused || running;
  useEffect(() => {
    if (paused) return;
    const timer = setTimeout(() => closeRef.current(), TOAST_MS);
    return () => clearTimeout(timer);
  }, [paused]);

  const runAction = async () => {
    if (!toast.action || running) return;
    setRunning(true);
    try {
      await toast.action.run();
      close();
    } catch (error) {
      close();
      useEditorStore.getState().showToast({ message: `Could not ${toast.action.label.toLowerCase()}: ${(error as Error).message}` });
    }
  };

  return (
    <div
      ref={box}
      className="toast"
      data-testid="toast"
      tabIndex={-1}
      onPointerEnter={() => setHovered(true)}
      onPointerLeave={() => setHovered(false)}
      onFocus={() => setFocused(true)}
      onBlur={(event) => setFocused(box.current?.contains(event.relatedTarget as Node | null) ?? false)}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        close();
      }}
    >
      <span className="toast__message" data-testid="toast-message">
        {toast.message}
      </span>
      {toast.action && (
        // Not disabled while it runs: a disabled button drops the focus, which must come back to the page after.
        <button ref={actionButton} type="button" className="toast__action" data-testid="toast-action" aria-busy={running} onClick={() => void runAction()}>
          {toast.action.label}
        </button>
      )}
      <button type="button" className="toast__dismiss" data-testid="toast-dismiss" aria-label="Dismiss" onClick={close}>
        ×
      </button>
    </div>
  );
}

/**
 * Where toasts show, bottom centre. The live region is always in the page (a region added together with its
 * text is not read out), so a new toast is announced politely.
 */
export function ToastRegion() {
  const toasts = useEditorStore(selectToasts);
  return (
    <div className="toasts" role="status" aria-label="Notifications" data-testid="toasts">
      {toasts.map((toast) => (
        <ToastItem key={toast.id} toast={toast} />
      ))}
    </div>
  );
}
