import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readSourceArchive } from './source-archive.ts';

it("reads the archive of a copy whose path holds '#', '%' and spaces", async () => {
  const root = join(mkdtempSync(join(tmpdir(), 'source-')), 'my copy #2 100%');
  mkdirSync(join(root, 'server'), { recursive: true });
  const packageJson = JSON.stringify({ name: 'composer', version: '1.2.3' });
  writeFileSync(join(root, 'package.json'), packageJson);
  writeFileSync(join(root, 'server', 'main.ts'), 'export {};\n');
  writeFileSync(join(root, 'notes.txt'), 'not part of the source');
  const archive = await readSourceArchive(root);
  expect(archive.folder).toBe('composer-1.2.3');
  expect(archive.entries.map((entry) => [entry.path, entry.file, entry.size])).toEqual([
    ['composer-1.2.3/package.json', join(root, 'package.json'), packageJson.length],
    ['composer-1.2.3/server/main.ts', join(root, 'server', 'main.ts'), 11],
  ]);
});
