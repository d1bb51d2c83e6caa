import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import type { LayerKind } from '../../core/index.ts';
import { RemoveBackgroundControls } from '../cutout/RemoveBackgroundControls.tsx';
import { EffectsControls } from '../effects/EffectsControls.tsx';
import { firstImageFile } from '../images/image-input.ts';
import { isLocalFileUrl } from '../images/local-files.ts';
import { useSourceName } from '../images/use-source-name.ts';
import { usePlaceImage } from '../images/use-place-image.ts';
import { useEditorStore } from '../store/editor-store.ts';
import { selectLayer, selectSelection } from '../store/selectors.ts';
import { CompositionWarnings } from '../warnings/CompositionWarnings.tsx';
import { UploadStatus } from './UploadStatus.tsx';

const TITLES: Record<LayerKind, string> = { foreground: 'Foreground', template: 'Background image' };
const HINTS: Record<LayerKind, string> = {
  foreground: 'The cut-out (PNG with transparency) placed on top.',
  template: 'Optional photo behind the foreground; it covers the canvas when loaded.',
};

/** What a layer's image is called: the picked file's name, also once it is an upload of this server; else its URL, shortened. */
function SourceName({ url }: { url: string }) {
  return <>{useSourceName(url)}</>;
}

/** One layer: what image it shows, and the ways to load one (URL, file, drop onto the card) or remove it. */
export function LayerCard({ kind }: { kind: LayerKind }) {
  const layer = useEditorStore(selectLayer(kind));
  const selected = useEditorStore(selectSelection) === kind;
  const select = useEditorStore((state) => state.select);
  const removeLayer = useEditorStore((state) => state.removeLayer);
  const placeImage = usePlaceImage(kind);
  const [url, setUrl] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);

  const submitUrl = (event: FormEvent) => {
    event.preventDefault();
    if (url.trim()) placeImage.mutate({ url }, { onSuccess: () => setUrl('') });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    const file = firstImageFile(event.dataTransfer.files);
    if (file) placeImage.mutate({ file });
  };

  return (
    <section
      className={`layer-card${selected ? ' layer-card--selected' : ''}`}
      data-testid={`layer-card-${kind}`}
      onDragOver={(event) => event.dataTransfer.types.includes('Files') && event.preventDefault()}
      onDrop={onDrop}
    >
      <header className="layer-card__header">
        <button
          type="button"
          className="layer-card__select"
          data-testid={`select-${kind}`}
          aria-pressed={selected}
          disabled={!layer}
          onClick={() => select(selected ? null : kind)}
        >
          {TITLES[kind]}
        </button>
        {layer && (
          <span className="layer-card__meta">
            {layer.source.width}×{layer.source.height}
          </span>
        )}
      </header>
      {layer ? (
        <p className="layer-card__source" title={layer.source.url}>
          <SourceName url={layer.source.url} />
          {isLocalFileUrl(layer.source.url) && (
            <>
              {' ('}
              <UploadStatus kind={kind} localUrl={layer.source.url} />)
            </>
          )}
        </p>
      ) : (
        <p className="layer-card__source layer-card__source--empty">{HINTS[kind]}</p>
      )}
      <CompositionWarnings layer={kind} />
      {kind === 'foreground' && <RemoveBackgroundControls />}
      {kind === 'foreground' && <EffectsControls />}
      <form className="url-form" onSubmit={submitUrl}>
        <input
          type="url"
          aria-label={`${TITLES[kind]} image URL`}
          data-testid={`${kind}-url`}
          placeholder="https://…/image.png"
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
        <button type="submit" data-testid={`${kind}-url-load`} disabled={!url.trim() || placeImage.isPending}>
          Load
        </button>
      </form>
      <div className="layer-card__actions">
        <button type="button" onClick={() => fileInput.current?.click()}>
          {layer ? 'Replace from file…' : 'Choose file…'}
        </button>
        <input
          ref={fileInput}
          type="file"
          hidden
          accept="image/png,image/jpeg,image/webp,image/avif"
          data-testid={`${kind}-file`}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) placeImage.mutate({ file });
            event.target.value = '';
          }}
        />
        {kind === 'template' && layer && (
          <button type="button" data-testid="template-remove" onClick={() => removeLayer('template')}>
            Remove
          </button>
        )}
      </div>
      {placeImage.isPending && <p className="status">Loading image…</p>}
      {placeImage.isError && (
        <p className="field-problem" role="alert" data-testid={`${kind}-load-error`}>
          {placeImage.error.message}
        </p>
      )}
    </section>
  );
}
