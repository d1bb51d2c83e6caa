import type { CompositionDocument, Layer } from '../../core/index.ts';
import { isLocalFileUrl, localFileFor, registerLocalFile } from '../images/local-files.ts';
import type { StoredDraft } from './draft-database.ts';

const layersOf = (document: CompositionDocument): Layer[] =>
  [document.foreground, document.template].filter((layer): layer is Layer => layer !== null);

/** The draft of a document: the document as it is, with the files its object URLs stand for. */
export function encodeDraft(document: CompositionDocument): StoredDraft {
  const files: Record<string, File> = {};
  for (const layer of layersOf(document)) {
    const file = isLocalFileUrl(layer.source.url) ? localFileFor(layer.source.url) : undefined;
    if (file) files[layer.source.url] = file;
  }
  return { document, files, savedAt: Date.now() };
}

/** The document of a draft, its stored files given fresh object URLs; a file that was not stored is dropped. */
export function decodeDraft(draft: StoredDraft): CompositionDocument {
  const revive = (layer: Layer | null): Layer | null => {
    if (!layer || !isLocalFileUrl(layer.source.url)) return layer;
    const file = draft.files[layer.source.url];
    return file ? { ...layer, source: { ...layer.source, url: registerLocalFile(file) } } : null;
  };
  return { ...draft.document, foreground: revive(draft.document.foreground), template: revive(draft.document.template) };
}
