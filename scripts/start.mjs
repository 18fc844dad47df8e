/**
 * `npm start`: with NODE_ENV=production it runs the compiled app from dist/ (made by `npm run build`)
 * with plain node; otherwise it runs the TypeScript sources through tsx, the development loader.
 * Arguments (e.g. `npm start -- --demo`) reach the server unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

if (process.env.NODE_ENV === 'production') {
  const entry = path.join(root, 'dist', 'src', 'server.js');
  if (!fs.existsSync(entry)) {
    console.error(
      'NODE_ENV=production runs the compiled app, and dist/src/server.js is missing: run `npm run build` first.',
    );
    process.exit(2);
  }
  await import(pathToFileURL(entry).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src', 'server.ts')).href);
}
