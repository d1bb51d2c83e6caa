import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { TarEntry } from './tar-stream.ts';

/** What the corresponding source is: everything needed to build and run this server, nothing it generated. */
const INCLUDED = ['package.json', 'package-lock.json', 'README.md', 'LICENSE', 'index.html', 'tsconfig.json', 'vite.config.ts', 'eslint.config.js', 'playwright.config.ts', '.ci', 'src', 'server', 'scripts', 'e2e', 'bench', 'docs', 'public'];

/** The project's source files under `root`, in a stable order, as entries of the archive folder `folder/`. */
export function sourceEntries(root: string, folder: string): TarEntry[] {
  const entries: TarEntry[] = [];
  const visit = (path: string) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return; // not in this copy (e.g. no .ci in a deployment)
    }
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) visit(join(path, name));
    } else if (stat.isFile()) {
      entries.push({ path: `${folder}/${relative(root, path).split(sep).join('/')}`, file: path, size: stat.size, mtime: stat.mtime });
    }
  };
  for (const name of INCLUDED) visit(join(root, name));
  return entries;
}
