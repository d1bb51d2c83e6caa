import { expect } from '@playwright/test';
import type { CompositionDocument } from '../../src/core/index.ts';
import type { EditorPage } from './editor-page.ts';

/** The draft the editor autosaves in IndexedDB, and the reload that restores it. */
export class DraftStorage {
  constructor(private readonly editor: EditorPage) {}

  /** The document of the draft saved in IndexedDB, or null when none is saved. */
  savedDocument(): Promise<CompositionDocument | null> {
    return this.editor.page.evaluate(async () => {
      // Opening a database that does not exist would create it empty, at the editor's version, without its store.
      if (!(await indexedDB.databases()).some((database) => database.name === 'background-composer')) return null;
      return new Promise<CompositionDocument | null>((resolve, reject) => {
        const open = indexedDB.open('background-composer');
        open.onerror = () => reject(open.error ?? new Error('IndexedDB did not open'));
        open.onsuccess = () => {
          const database = open.result;
          if (!database.objectStoreNames.contains('drafts')) {
            database.close();
            resolve(null);
            return;
          }
          const read = database.transaction('drafts', 'readonly').objectStore('drafts').get('current');
          read.onerror = () => reject(read.error ?? new Error('the draft could not be read'));
          read.onsuccess = () => {
            database.close();
            resolve((read.result as { document?: CompositionDocument } | undefined)?.document ?? null);
          };
        };
      });
    });
  }

  /** Waits until the autosaved draft holds the document as it is now (the autosave is debounced). */
  async waitForSaved(): Promise<void> {
    const current = await this.editor.document();
    await expect.poll(() => this.savedDocument(), { message: 'the draft is saved' }).toEqual(current);
  }

  /** Reloads the page and waits until the editor has restored its draft (a document with a foreground). */
  async reload(): Promise<void> {
    await this.editor.page.reload();
    await this.editor.waitForStage();
    await expect.poll(async () => (await this.editor.document()).foreground !== null, { message: 'the draft is back' }).toBe(true);
  }
}
