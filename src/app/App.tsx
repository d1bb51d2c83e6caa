import { lazy, Suspense, useCallback, useState, type ReactNode } from 'react';
import { emptyDocument } from '../core/index.ts';
import { AccessGate } from './access/AccessGate.tsx';
import { EditorCanvas } from './canvas/EditorCanvas.tsx';
import { useStartupDocument } from './draft/use-startup-document.ts';
import { HistoryPanel } from './jobs/HistoryPanel.tsx';
import { SubmitPanel } from './jobs/SubmitPanel.tsx';
import { PanelSlot, PanelTabs, SheetClose, type PanelId } from './PanelTabs.tsx';
import { Inspector } from './panels/Inspector.tsx';
import { LayersPanel } from './panels/LayersPanel.tsx';
import { Toolbar } from './panels/Toolbar.tsx';
import { RequestPanel } from './request/RequestPanel.tsx';
import { useEditorStore } from './store/editor-store.ts';
import { useKeyboardShortcuts } from './use-keyboard-shortcuts.ts';
import { usePasteImage } from './use-paste-image.ts';

// Not on the first screen: loaded when first shown, keeping the initial JavaScript small.
const ResultViewer = lazy(() => import('./jobs/ResultViewer.tsx').then((module) => ({ default: module.ResultViewer })));
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog.tsx').then((module) => ({ default: module.ShortcutsDialog })));

function startNewDocument(): void {
  if (!window.confirm('Start a new composition? The current one is replaced (Undo brings it back).')) return;
  const state = useEditorStore.getState();
  state.replaceDocument(emptyDocument(state.document.canvas));
  state.select(null);
}

export function App() {
  const ready = useStartupDocument();
  const [helpOpen, setHelpOpen] = useState(false);
  const toggleHelp = useCallback(() => setHelpOpen((open) => !open), []);
  // The panel a narrow screen shows (styles.css); wide screens show them all and ignore it.
  const [openPanel, setOpenPanel] = useState<PanelId | null>(null);
  const togglePanel = useCallback((id: PanelId) => setOpenPanel((open) => (open === id ? null : id)), []);
  const closePanel = useCallback(() => setOpenPanel(null), []);
  const slot = (id: PanelId, panel: ReactNode) => (
    <PanelSlot id={id} open={openPanel === id}>
      {panel}
    </PanelSlot>
  );
  useKeyboardShortcuts(toggleHelp);
  usePasteImage();
  return (
    <div className="app" data-ready={ready || undefined} data-open-panel={openPanel ?? undefined}>
      <AccessGate />
      <header className="app-header">
        <h1 className="app-header__title">Background Composer</h1>
        <span className="app-header__subtitle">Compose, then render with Akool Background Change or locally</span>
      </header>
      <aside className="sidebar sidebar--left" data-open={openPanel === 'layers' || openPanel === 'history' || undefined}>
        <SheetClose onClose={closePanel} />
        {slot('layers', <LayersPanel />)}
        {slot('history', <HistoryPanel />)}
      </aside>
      <main className="workspace">
        <Toolbar onNew={startNewDocument} onHelp={toggleHelp} />
        <EditorCanvas />
        <Suspense fallback={null}>
          <ResultViewer />
        </Suspense>
      </main>
      <aside
        className="sidebar sidebar--right"
        data-open={openPanel === 'render' || openPanel === 'inspector' || openPanel === 'request' || undefined}
      >
        <SheetClose onClose={closePanel} />
        {slot('render', <SubmitPanel />)}
        {slot('inspector', <Inspector />)}
        {slot('request', <RequestPanel />)}
      </aside>
      <PanelTabs open={openPanel} onToggle={togglePanel} />
      {helpOpen && (
        <Suspense fallback={null}>
          <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
