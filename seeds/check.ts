/** `npx tsx seeds/check.ts [file...]`: validates framework seed files against the v1 schema. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateFrameworkFile } from '../src/features/competencies/framework-file.schema.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'frameworks');
const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => path.join(dir, f));
let bad = 0;
for (const file of files) {
  const result = validateFrameworkFile(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (result.ok) {
    const f = result.file;
    const levels = f.competencies.reduce((n, c) => n + c.levels.length, 0);
    const indicators = f.competencies.reduce(
      (n, c) => n + c.behavioralIndicators.length + c.levels.reduce((m, l) => m + l.indicators.length, 0),
      0,
    );
    console.log(
      `ok  ${path.basename(file)}: ${f.competencies.length} competencies, ${levels} levels, ${indicators} indicators, ${f.scales.length} scales, ${f.positionTemplates.length} templates`,
    );
  } else {
    bad++;
    console.log(`BAD ${path.basename(file)}:\n  ${result.problems.join('\n  ')}`);
  }
}
process.exit(bad ? 1 : 0);
