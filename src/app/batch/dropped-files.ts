/** The image files among `files`, by type or by name (a folder's files may come without a type). */
export function imageFiles(files: Iterable<File>): File[] {
  return [...files].filter((file) => file.type.startsWith('image/') || /\.(png|jpe?g|webp|avif)$/i.test(file.name));
}

function readEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

async function filesOfEntry(entry: FileSystemEntry): Promise<File[]> {
  if (entry.isFile) return [await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject))];
  if (!entry.isDirectory) return [];
  const reader = (entry as FileSystemDirectoryEntry).createReader();
  const files: File[] = [];
  // readEntries answers in chunks (about 100 at a time) until it answers none.
  for (let chunk = await readEntries(reader); chunk.length; chunk = await readEntries(reader)) {
    for (const child of chunk) files.push(...(await filesOfEntry(child)));
  }
  return files;
}

/** Every image file dropped, also inside dropped folders (read through the entries API), sorted by name. */
export async function droppedImageFiles(data: DataTransfer): Promise<File[]> {
  const entries = [...data.items].map((item) => item.webkitGetAsEntry?.()).filter((entry): entry is FileSystemEntry => Boolean(entry));
  const files = entries.length ? (await Promise.all(entries.map(filesOfEntry))).flat() : [...data.files];
  return imageFiles(files).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
}
