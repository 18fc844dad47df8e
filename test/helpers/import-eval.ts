/** The five source documents against their seed files (shared by `npm run eval:import` and its test). */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FrameworkFileInput } from '../../src/features/competencies/framework-file.schema.js';
import { compareWithSeed, type Score } from '../../src/features/framework-import/compare-drafts.js';
import { parseLines } from '../../src/features/framework-import/parser.js';
import { mendText } from '../../src/features/framework-import/source-lines.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const SOURCES_DIR = path.join(ROOT, 'test/fixtures/documents/sources');

/** Which seed file was built from which document (seeds/README.md). */
export const SEED_OF: Record<string, string> = {
  '000_9fd5bf52355df1af.txt': 'bellingham-public-service.json',
  '001_fb1298449a66a926.txt': 'philadelphia-core-values.json',
  '002_fff2689d6cecb033.txt': 'wa-ofm-hr-core.json',
  '003_2fed9f45537de455.txt': 'csr-class-1230.json',
  '004_f7e0054b87120286.txt': 'parts-of-a-competency.json',
};

export function evaluateSources(): { document: string; seed: string; score: Score }[] {
  return Object.entries(SEED_OF).map(([document, seed]) => {
    const text = fs.readFileSync(path.join(SOURCES_DIR, document), 'utf8');
    const { draft } = parseLines(mendText(text), document);
    const file = JSON.parse(
      fs.readFileSync(path.join(ROOT, 'seeds/frameworks', seed), 'utf8'),
    ) as FrameworkFileInput;
    return { document, seed, score: compareWithSeed(draft, file) };
  });
}
