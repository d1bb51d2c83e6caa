import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { selectViewedJobId } from '../store/selectors.ts';
import { DownloadLinks } from './DownloadLinks.tsx';
import type { JobView } from '../api/api-types.ts';
import { jobQuery } from './job-queries.ts';
import { previewOf } from './submitted-previews.ts';
import { useModalDialog } from '../dialog/use-modal-dialog.ts';

/**
 * The finished result over the window, with a slider that reveals the editor's preview of the same layout on
 * the left of it: what the user approved against what they got.
 */
export function ResultViewer() {
  const jobId = useEditorStore(selectViewedJobId);
  const job = useQuery({ ...jobQuery(jobId ?? ''), enabled: Boolean(jobId) });
  if (!jobId || !job.data?.result) return null;
  return <ResultDialog key={job.data.id} job={job.data} />;
}

/**
 * A modal <dialog>: it takes the focus (its Close button) when it opens, keeps Tab inside while open (the page
 * behind is inert), closes on Escape, and gives the focus back to what opened it (View result, the card's
 * image, a history thumbnail).
 */
function ResultDialog({ job: data }: { job: JobView }) {
  const viewJob = useEditorStore((state) => state.viewJob);
  const [split, setSplit] = useState(50);
  const [loadedJobId, setLoadedJobId] = useState<string | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useModalDialog(dialog, closeButton);

  const result = data.result!;
  const preview = previewOf(data.id);
  const fullSizeShown = loadedJobId === data.id;
  const [width, height] = data.request.canvas_size.split('x').map(Number) as [number, number];

  return (
    // Escape closes the dialog itself; the store follows. A close event that finds the dialog open again is
    // from StrictMode's second run of the effect (development builds) and is not the user's.
    <dialog
      ref={dialog}
      className="result-viewer"
      aria-label="Result"
      data-testid="result-viewer"
      onClose={() => !dialog.current?.open && viewJob(null)}
    >
      <header className="result-viewer__header">
        <strong>Result</strong>
        <span className="status">
          {result.width}×{result.height} · {(result.bytes / 1_000_000).toFixed(1)} MB
        </span>
        <DownloadLinks job={data} />
        <button ref={closeButton} type="button" data-testid="result-close" onClick={() => viewJob(null)}>
          Close
        </button>
      </header>
      <div className="result-viewer__stage">
        <div className="compare" style={{ aspectRatio: `${width} / ${height}` }}>
          {/* The screen preview (in the browser's cache from the job card) until the full-size PNG has loaded. */}
          {!fullSizeShown && <img className="compare__image" src={`/api/jobs/${data.id}/preview`} alt="" data-testid="result-preview-image" />}
          <img
            className="compare__image"
            src={`/api/jobs/${data.id}/result?format=png`}
            alt="Rendered result"
            data-testid="result-image"
            style={{ opacity: fullSizeShown ? 1 : 0 }}
            onLoad={() => setLoadedJobId(data.id)}
          />
          {preview && (
            <img
              className="compare__image compare__image--preview"
              src={preview}
              alt="Editor preview"
              style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}
            />
          )}
          {preview && <div className="compare__divider" style={{ left: `${split}%` }} aria-hidden />}
        </div>
      </div>
      {preview ? (
        <label className="compare__control">
          Preview ◀ ▶ Result
          <input
            type="range"
            min={0}
            max={100}
            value={split}
            data-testid="compare-slider"
            aria-label="Compare the editor's preview (left) with the result (right)"
            onChange={(event) => setSplit(Number(event.target.value))}
          />
        </label>
      ) : (
        <p className="status">The editor's preview is kept for jobs submitted in this tab; use "Open in editor" to compare.</p>
      )}
    </dialog>
  );
}
