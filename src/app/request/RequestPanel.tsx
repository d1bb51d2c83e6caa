import { lazy, Suspense, useState, type ReactNode } from 'react';
import { buildCurlCommand } from '../../core/index.ts';
import { copyText } from './copy-text.ts';
import type { PendingUpload } from './derive-request.ts';
import { useDerivedRequest } from './use-derived-request.ts';

const ImportForm = lazy(() => import('./ImportForm.tsx').then((module) => ({ default: module.ImportForm })));

/** The Akool route this server speaks, which the cURL command targets. */
const AKOOL_PROTOCOL_PATH = '/api/open/v3/content/image/bg/replace';

const LAYER_NAMES = { foreground: 'foreground', template: 'background image' } as const;

/** Why a layer's field still names a browser-only blob: URL, in words. */
function describePending({ field, layer, fileName, upload }: PendingUpload): string {
  const image = `${field}: the ${LAYER_NAMES[layer]} (${fileName})`;
  switch (upload.kind) {
    case 'uploading':
      return `${image} is uploading; the body names the server's copy once it is there`;
    case 'failed':
      return `${image} could not be uploaded: ${upload.message}; Submit tries again`;
    case 'waiting':
      return `${image} is a local file, uploaded when you submit`;
  }
}

/** Why the body cannot be copied yet, briefly (the list above says more). */
function whyNotReady({ layer, fileName, upload }: PendingUpload): string {
  const image = `the ${LAYER_NAMES[layer]} (${fileName})`;
  if (upload.kind === 'uploading') return `${image} is still uploading`;
  if (upload.kind === 'failed') return `the upload of ${image} failed`;
  return `${image} is not on the server yet (Submit uploads it)`;
}

/** A copy button, off with the reason while the body names files only this tab has. */
function CopyButton({ testId, notReady, onCopy, children }: { testId: string; notReady: string | null; onCopy: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      data-testid={testId}
      disabled={notReady !== null}
      title={notReady ?? undefined}
      aria-describedby={notReady ? 'request-not-ready' : undefined}
      onClick={onCopy}
    >
      {children}
    </button>
  );
}

/** The exact request body the layout means, live, with copy and import. */
export function RequestPanel() {
  const { body, errors, pendingUploads, bakedForeground, valid } = useDerivedRequest();
  const [importing, setImporting] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const json = JSON.stringify(body, null, 2);
  // A body naming a blob: URL works nowhere but in this tab: it is not offered for copying.
  // Nor one whose foreground is baked at Submit: the baked image has no URL before then.
  const reasons = [...pendingUploads.map(whyNotReady), ...(bakedForeground ? ['the foreground with its effects is baked on the server when you submit'] : [])];
  const notReady = reasons.length > 0 ? `Not ready to copy: ${reasons.join('; ')}.` : null;

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
      {bakedForeground && (
        <p className="panel__note" data-testid="request-baked-foreground" data-state={bakedForeground} role="status">
          {bakedForeground === 'placed'
            ? 'origin_img: the foreground with its effects baked in, made on the server at Submit; modify_origin_img_size and overlay_origin_x/y are that larger image’s, placed so the subject stays on the layer.'
            : 'origin_img: the foreground with its effects baked in, made at Submit; working out that image’s size and place…'}
        </p>
      )}
      {pendingUploads.length > 0 && (
        <ul className="panel__note pending-uploads" data-testid="pending-uploads" role="status">
          {pendingUploads.map((pending) => (
            <li key={pending.field} data-state={pending.upload.kind} className={pending.upload.kind === 'failed' ? 'field-problem' : undefined}>
              {describePending(pending)}
            </li>
          ))}
        </ul>
      )}
      <div className="button-row">
        <CopyButton testId="copy-json" notReady={notReady} onCopy={() => copy('JSON', json)}>
          Copy JSON
        </CopyButton>
        <CopyButton testId="copy-curl" notReady={notReady} onCopy={() => copy('cURL', buildCurlCommand(`${window.location.origin}${AKOOL_PROTOCOL_PATH}`, body))}>
          Copy as cURL
        </CopyButton>
        <button type="button" data-testid="import-open" aria-expanded={importing} onClick={() => setImporting(!importing)}>
          Import…
        </button>
      </div>
      {notReady && (
        <p className="panel__note" id="request-not-ready" data-testid="request-not-ready">
          {notReady}
        </p>
      )}
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
