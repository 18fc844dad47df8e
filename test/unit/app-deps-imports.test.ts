import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/lib/project-root.js';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? sources(path.join(dir, e.name))
        : e.name.endsWith('.ts')
          ? [path.join(dir, e.name)]
          : [],
    );
}

describe('app.ts and the features (issue 18 item 7)', () => {
  it('when a feature needs the app’s dependencies, then it imports app-deps.ts, never app.ts (which imports every router: an import circle)', () => {
    const features = sources(path.join(PROJECT_ROOT, 'src', 'features'));
    assert.ok(features.length > 50, 'the features were found');
    const appTs = path.join(PROJECT_ROOT, 'src', 'app.ts');
    const offenders = features.filter((file) =>
      [...fs.readFileSync(file, 'utf8').matchAll(/from\s+['"](\.[^'"]+)['"]/g)].some(
        (m) => path.resolve(path.dirname(file), m[1].replace(/\.js$/, '.ts')) === appTs,
      ),
    );
    assert.deepEqual(
      offenders.map((f) => path.relative(PROJECT_ROOT, f)),
      [],
    );
  });
});
