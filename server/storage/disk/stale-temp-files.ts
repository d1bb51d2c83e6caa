import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Deletes the temporary files a killed server left half-written (`writeFileAtomic` names them `*.tmp`);
 * they were never renamed into place, so no job or upload refers to them. Returns how many were removed. */
export function removeStaleTempFiles(dirs: readonly string[]): number {
  let removed = 0;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.endsWith('.tmp')) continue;
      rmSync(join(dir, name), { force: true });
      removed += 1;
    }
  }
  return removed;
}
