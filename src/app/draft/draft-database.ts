import type { CompositionDocument } from '../../core/index.ts';

/** A saved draft: the document, and the files behind any of its object URLs (those die with the page). */
export interface StoredDraft {
  document: CompositionDocument;
  files: Record<string, File>;
  savedAt: number;
}

const DATABASE = 'background-composer';
const STORE = 'drafts';
const KEY = 'current';

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is not available'));
  });
}

async function withStore<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const database = await openDatabase();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = database.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('the draft could not be saved'));
      transaction.onabort = () => reject(transaction.error ?? new Error('the draft could not be saved'));
    });
  } finally {
    database.close();
  }
}

/** Files are stored as Blobs in IndexedDB (localStorage holds only small strings). */
export const saveDraft = (draft: StoredDraft) => withStore('readwrite', (store) => store.put(draft, KEY));
export const loadDraft = () => withStore<StoredDraft | undefined>('readonly', (store) => store.get(KEY));
