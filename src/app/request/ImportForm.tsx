import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useEditorStore } from '../store/editor-store.ts';
import { importRequest } from './import-request.ts';

/** Paste an Akool Background Change body; it is checked and laid out on the canvas, images loaded from its URLs. */
export function ImportForm({ onDone }: { onDone: () => void }) {
  const queryClient = useQueryClient();
  const replaceDocument = useEditorStore((state) => state.replaceDocument);
  const [text, setText] = useState('');
  const importing = useMutation({
    mutationFn: (pasted: string) => importRequest(queryClient, pasted),
    onSuccess: (result) => {
      if (!result.ok) return;
      replaceDocument(result.document);
      useEditorStore.getState().select(null);
      onDone();
    },
  });
  const errors = importing.data && !importing.data.ok ? importing.data.errors : null;

  return (
    <form
      className="import-form"
      onSubmit={(event) => {
        event.preventDefault();
        importing.mutate(text);
      }}
    >
      <label htmlFor="import-text">Paste a Background Change request body (JSON)</label>
      <textarea
        id="import-text"
        data-testid="import-text"
        rows={8}
        spellCheck={false}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="button-row">
        <button type="submit" data-testid="import-apply" disabled={!text.trim() || importing.isPending}>
          {importing.isPending ? 'Loading images…' : 'Lay out'}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
      {errors && (
        <ul className="error-list" data-testid="import-errors" role="alert">
          {Object.entries(errors).map(([field, message]) => (
            <li key={field}>
              {message}
            </li>
          ))}
        </ul>
      )}
    </form>
  );
}
