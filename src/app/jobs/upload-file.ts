import { apiFetch } from '../api/api-client.ts';
import type { UploadView } from '../api/api-types.ts';

/** Stores an image on the server (`POST /api/uploads`) and returns its absolute URL and size. */
export async function uploadFile(file: File): Promise<UploadView> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiFetch<UploadView>('/api/uploads', { method: 'POST', body: form });
}
