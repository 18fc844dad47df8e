/**
 * The project's root folder (the one holding package.json, views/, public/ and seeds/), found by
 * walking up from this module. The same code then works from src/ under tsx and from the compiled
 * dist/src/ under node, where a fixed number of '..' would point into dist/.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'views'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`project root (package.json and views/) not found above ${start}`);
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));
