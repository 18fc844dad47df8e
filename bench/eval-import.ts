/**
 * Document import measured against the seed library: each of the five source documents (copies in
 * test/fixtures/documents/sources) is parsed and compared field by field with the framework file
 * built from it by hand. Prints precision and recall per document.  npm run eval:import
 */
import { evaluateSources } from '../test/helpers/import-eval.js';

const rows = evaluateSources();
const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);
console.log(
  'document                      seed file                        found expected matched precision recall',
);
for (const r of rows) {
  console.log(
    `${r.document.padEnd(30)}${r.seed.padEnd(33)}${String(r.score.found).padStart(5)}${String(r.score.expected).padStart(9)}${String(r.score.matched).padStart(8)}${pct(r.score.precision).padStart(10)}${pct(r.score.recall)}`,
  );
}
