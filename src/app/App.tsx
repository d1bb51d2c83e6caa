import { lazy, Suspense, type ReactNode } from 'react';
import { AccessGate } from './access/AccessGate.tsx';
import { BatchEditingBar } from './batch/BatchEditingBar.tsx';
import { useActionKeys } from './actions/use-action-keys.ts';
import { EditorCanvas } from './canvas/EditorCanvas.tsx';
import { ContextMenu } from './context-menu/ContextMenu.tsx';
import { useStartupDocument } from './draft/use-startup-document.ts';
import { useForegroundSubject } from './images/use-foreground-subject.ts';
import { HistoryPanel } from './jobs/HistoryPanel.tsx';
import { SubmitPanel } from './jobs/SubmitPanel.tsx';
import { PanelSlot, PanelTabs, SheetClose, type PanelId } from './PanelTabs.tsx';
import { Inspector } from './panels/Inspector.tsx';
import { LayersPanel } from './panels/LayersPanel.tsx';
import { Toolbar } from './panels/Toolbar.tsx';
import { RequestPanel } from './request/RequestPanel.tsx';
import { useEditorStore } from './store/editor-store.ts';
import { ToastRegion } from './toasts/ToastRegion.tsx';
import { selectEdgeCompareOpen, selectHelpOpen, selectOpenPanel } from './store/selectors.ts';
import { usePasteImage } from './use-paste-image.ts';

// Not on the first screen: loaded when first shown, keeping the initial JavaScript small.
const ResultViewer = lazy(() => import('./jobs/ResultViewer.tsx').then((module) => ({ default: module.ResultViewer })));
const EdgeCompareDialog = lazy(() => import('./cutout/EdgeCompareDialog.tsx').then((module) => ({ default: module.EdgeCompareDialog })));
const BatchPanel = lazy(() => import('./batch/BatchPanel.tsx').then((module) => ({ default: module.BatchPanel })));
const ShortcutsDialog = lazy(() => import('./ShortcutsDialog.tsx').then((module) => ({ default: module.ShortcutsDialog })));

export function App() {
  const ready = useStartupDocument();
  const helpOpen = useEditorStore(selectHelpOpen);
  const edgeCompareOpen = useEditorStore(selectEdgeCompareOpen);
  // The panel a narrow screen shows (styles.css); wide screens show them all and ignore it.
  const openPanel = useEditorStore(selectOpenPanel);
  const togglePanel = useEditorStore((state) => state.togglePanel);
  const closePanel = useEditorStore((state) => state.closePanel);
  const slot = (id: PanelId, panel: ReactNode) => (
    <PanelSlot id={id} open={openPanel === id}>
      {panel}
    </PanelSlot>
  );
  useActionKeys();
  usePasteImage();
  useForegroundSubject();
  return (
    <div className="app" data-ready={ready || undefined} data-open-panel={openPanel ?? undefined}>
      <AccessGate />
      <header className="app-header">
        <h1 className="app-header__title">Background Composer</h1>
        <span className="app-header__subtitle">Compose, then render with Akool Background Change or locally</span>
        {/* AGPL section 13: the running app offers its users the code it runs (GET /api/source). */}
        <a className="app-header__source" href="/api/source" data-testid="source-link" title="The source code of this app (AGPL-3.0-or-later)">
          Source
        </a>
      </header>
      <aside className="sidebar sidebar--left" data-open={openPanel === 'layers' || openPanel === 'history' || openPanel === 'batch' || undefined}>
        <SheetClose onClose={closePanel} />
        {slot('layers', <LayersPanel />)}
        {slot('history', <HistoryPanel />)}
        {slot(
          'batch',
          <Suspense fallback={null}>
            <BatchPanel />
          </Suspense>,
        )}
      </aside>
      <main className="workspace">
        <Toolbar />
        <BatchEditingBar />
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
      <ToastRegion />
      <PanelTabs open={openPanel} onToggle={togglePanel} />
      {helpOpen && (
        <Suspense fallback={null}>
          <ShortcutsDialog open={helpOpen} onClose={() => useEditorStore.getState().setHelpOpen(false)} />
        </Suspense>
      )}
      {edgeCompareOpen && (
        <Suspense fallback={null}>
          <EdgeCompareDialog />
        </Suspense>
      )}
      <ContextMenu />
    </div>
  );
}
