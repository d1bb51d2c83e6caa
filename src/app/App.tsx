import { EditorCanvas } from './canvas/EditorCanvas.tsx';
import { HistoryPanel } from './jobs/HistoryPanel.tsx';
import { ResultViewer } from './jobs/ResultViewer.tsx';
import { SubmitPanel } from './jobs/SubmitPanel.tsx';
import { Inspector } from './panels/Inspector.tsx';
import { LayersPanel } from './panels/LayersPanel.tsx';
import { RequestPanel } from './request/RequestPanel.tsx';
import { useFirstStart } from './use-first-start.ts';
import { usePasteImage } from './use-paste-image.ts';

export function App() {
  useFirstStart();
  usePasteImage();
  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-header__title">Background Composer</h1>
        <span className="app-header__subtitle">Compose, then render with Akool Background Change or locally</span>
      </header>
      <aside className="sidebar sidebar--left">
        <LayersPanel />
        <HistoryPanel />
      </aside>
      <main className="workspace">
        <EditorCanvas />
        <ResultViewer />
      </main>
      <aside className="sidebar sidebar--right">
        <SubmitPanel />
        <Inspector />
        <RequestPanel />
      </aside>
    </div>
  );
}
