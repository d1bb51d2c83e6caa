import type { ReactNode } from 'react';

/** The panels a narrow screen shows one at a time, in the order of the tab bar. */
export const PANELS = [
  { id: 'layers', label: 'Layers' },
  { id: 'inspector', label: 'Inspector' },
  { id: 'render', label: 'Render' },
  { id: 'request', label: 'Request' },
  { id: 'history', label: 'History' },
  { id: 'batch', label: 'Batch' },
] as const;

export type PanelId = (typeof PANELS)[number]['id'];

/**
 * One panel's place in a sidebar. On a wide screen every slot shows; on a narrow one (styles.css) only the open
 * one does, in the sheet the tab bar opens.
 */
export function PanelSlot({ id, open, children }: { id: PanelId; open: boolean; children: ReactNode }) {
  return (
    <div className="panel-slot" id={`panel-${id}`} data-panel={id} data-open={open || undefined}>
      {children}
    </div>
  );
}

/**
 * The tab bar of narrow screens (phones, tablets): a tab opens its panel in a sheet below the canvas (or beside it
 * in landscape), pressed again it closes it, so the canvas gets the screen back. Hidden on wide screens, where
 * every panel is always shown.
 */
export function PanelTabs({ open, onToggle }: { open: PanelId | null; onToggle: (id: PanelId) => void }) {
  return (
    <nav className="panel-tabs" aria-label="Panels">
      {PANELS.map(({ id, label }) => (
        <button
          key={id}
          type="button"
          className="panel-tabs__tab"
          data-testid={`tab-${id}`}
          aria-controls={`panel-${id}`}
          aria-expanded={open === id}
          onClick={() => onToggle(id)}
        >
          {label}
        </button>
      ))}
    </nav>
  );
}

/** Closes the sheet: shown on narrow screens only, at the top of the open sheet. */
export function SheetClose({ onClose }: { onClose: () => void }) {
  return (
    <button type="button" className="sheet-close" data-testid="sheet-close" aria-label="Close the panel" onClick={onClose}>
      ×
    </button>
  );
}
