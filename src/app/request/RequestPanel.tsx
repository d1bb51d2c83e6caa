import { lazy, Suspense, useState } from 'react';
import { buildCurlCommand } from '../../core/index.ts';
import { copyText } from './copy-text.ts';
import { useDerivedRequest } from './use-derived-request.ts';

const ImportForm = lazy(() => import('./ImportForm.tsx').then((module) => ({ default: module.ImportForm })));

/** The Akool route this server speaks, which the cURL command targets. */
const AKOOL_PROTOCOL_PATH = '/api/open/v3/content/image/bg/replace';

/** The exact request body the layout means, live, with copy and import. */
export function RequestPanel() {
  const { body, errors, pendingUploads, valid } = useDerivedRequest();
  const [importing, setImporting] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const json = JSON.stringify(body, null, 2);

  const copy = async (label: string, text: string) => {
    try {
      await copyText(text);
      setCopied(`${label} copied`);
    } catch (error) {
      setCopied(`Could not copy: ${(error as Error).message}`);
    }
    window.setTimeout(() => setCopied(null), 2000);
  };

  return (
    <section className="panel request-panel" aria-labelledby="request-title">
      <h2 id="request-title" className="panel__title">
        Request
        <span className={`badge ${valid ? 'badge--ok' : 'badge--bad'}`} data-testid="request-validity">
          {valid ? 'valid' : 'invalid'}
        </span>
      </h2>
      <pre className="request-json" data-testid="request-json" tabIndex={0} aria-label="Request body JSON">
        {json}
      </pre>
      {!valid && (
        <ul className="error-list" data-testid="request-errors" role="status">
          {Object.entries(errors).map(([field, message]) => (
            <li key={field}>
              {message}
            </li>
          ))}
        </ul>
      )}
      {pendingUploads.length > 0 && (
        <p className="panel__note" data-testid="pending-uploads">
          {pendingUploads.map(({ field, fileName }) => `${field}: ${fileName}`).join(', ')} — local{' '}
          {pendingUploads.length === 1 ? 'file is' : 'files are'} uploaded when you submit.
        </p>
      )}
      <div className="button-row">
        <button type="button" data-testid="copy-json" onClick={() => copy('JSON', json)}>
          Copy JSON
        </button>
        <button
          type="button"
          data-testid="copy-curl"
          onClick={() => copy('cURL', buildCurlCommand(`${window.location.origin}${AKOOL_PROTOCOL_PATH}`, body))}
        >
          Copy as cURL
        </button>
        <button type="button" data-testid="import-open" aria-expanded={importing} onClick={() => setImporting(!importing)}>
          Import…
        </button>
      </div>
      {copied && (
        <p className="status" role="status">
          {copied}
        </p>
      )}
      {importing && (
        <Suspense fallback={<p className="status">Loading…</p>}>
          <ImportForm onDone={() => setImporting(false)} />
        </Suspense>
      )}
    </section>
  );
}
