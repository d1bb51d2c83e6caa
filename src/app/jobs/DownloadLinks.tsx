import type { JobView } from '../api/api-types.ts';
import { resultFileName } from '../../core/index.ts';

const FORMATS = [
  { format: 'png', label: 'PNG', testId: 'download' },
  { format: 'jpeg', label: 'JPEG', testId: 'download-jpeg' },
  { format: 'webp', label: 'WebP', testId: 'download-webp' },
] as const;

/** The stored result at full canvas resolution, in each format, with a name that says what it is. */
export function DownloadLinks({ job }: { job: JobView }) {
  const size = job.request.canvas_size;
  return (
    <div className="button-row" aria-label="Download the result">
      {FORMATS.map(({ format, label, testId }) => (
        <a
          key={format}
          className="button-link"
          data-testid={testId}
          href={`/api/jobs/${job.id}/result?format=${format}`}
          download={resultFileName(job.id, size, format)}
        >
          Download {label}
        </a>
      ))}
    </div>
  );
}
