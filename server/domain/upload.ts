export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'avif';

/** What is known about an uploaded image (or a prepared cut-out); its bytes are a blob (blob-keys.ts uploadKey). */
export interface UploadRecord {
  id: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  /** The file name the client sent, made safe to show (see uploadName); null when it sent none. */
  name: string | null;
  createdAt: number;
}
