import type { QueryClient } from '@tanstack/react-query';
import { imageProblem, unsupportedTypeWords, type ImageSource } from '../../core/index.ts';
import { registerLocalFile } from './local-files.ts';
import { previewImageQuery } from './preview-image-query.ts';

const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/avif', 'image/gif'];

/** Loads an image by URL (warming the canvas's preview cache) and returns it as a layer source. */
export async function sourceFromUrl(queryClient: QueryClient, url: string): Promise<ImageSource> {
  const preview = await queryClient.fetchQuery(previewImageQuery(url));
  return { url, width: preview.naturalWidth, height: preview.naturalHeight };
}

/** Keeps a picked, dropped or pasted file in the browser and returns it as a layer source. */
export async function sourceFromFile(queryClient: QueryClient, file: File): Promise<ImageSource> {
  if (file.type && !IMAGE_TYPES.includes(file.type)) {
    throw new Error(imageProblem(file.name, unsupportedTypeWords(file.type)));
  }
  return sourceFromUrl(queryClient, registerLocalFile(file));
}

/** The first image file in a drop or paste, if any. */
export function firstImageFile(files: FileList | null | undefined): File | null {
  for (const file of files ?? []) {
    if (file.type.startsWith('image/')) return file;
  }
  return null;
}
