import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { TarEntry } from './tar-stream.ts';

/** What the corresponding source is: everything needed to build and run this server, nothing it generated. */
const INCLUDED = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'index.html', 'tsconfig.json', 'tsconfig.workers.json', 'vite.config.ts', 'eslint.config.js', 'playwright.config.ts', '.ci', 'src', 'server', 'scripts', 'e2e', 'bench', 'docs', 'public'];

export interface SourceArchive {
  /** "<name>-<version>" from package.json: the archive's one folder. */
  folder: string;
  entries: TarEntry[];
}

/** The project's source files under `root`, in a stable order, as entries of the archive folder `folder/`. */
export async function sourceEntries(root: string, folder: string): Promise<TarEntry[]> {
  const entries: TarEntry[] = [];
  const visit = async (path: string) => {
    let stats;
    try {
      stats = await stat(path);
    } catch {
      return; // not in this copy (e.g. no .ci in a deployment)
    }
    if (stats.isDirectory()) {
      for (const name of (await readdir(path)).sort()) await visit(join(path, name));
    } else if (stats.isFile()) {
      entries.push({ path: `${folder}/${relative(root, path).split(sep).join('/')}`, file: path, size: stats.size, mtime: stats.mtime });
    }
  };
  for (const name of INCLUDED) await visit(join(root, name));
  return entries;
}

/** The archive of the source under `root` (any path: '#', '%' or spaces in it are fine). */
export async function readSourceArchive(root: string): Promise<SourceArchive> {
  const { name, version } = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const folder = `${name}-${version}`;
  return { folder, entries: await sourceEntries(root, folder) };
}
