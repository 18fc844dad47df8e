/** The seed library as generator inputs (read from seeds/, no database). */
import fs from 'node:fs';
import path from 'node:path';
import { validateFrameworkFile } from '../../src/features/competencies/framework-file.schema.js';
import type { CompetencyLike, ScaleLike } from '../../src/features/generators/index.js';

export interface SeedCompetency {
  framework: string;
  competency: CompetencyLike;
  proficiencyScale: ScaleLike | null;
}

export function seedCompetencies(): SeedCompetency[] {
  const dir = path.join('seeds', 'frameworks');
  const out: SeedCompetency[] = [];
  for (const f of fs
    .readdirSync(dir)
    .filter((x) => x.endsWith('.json'))
    .sort()) {
    const r = validateFrameworkFile(JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
    if (!r.ok) throw new Error(`${f}: ${r.problems.join('; ')}`);
    const scales = new Map(r.file.scales.map((s) => [s.key, s]));
    const prof = r.file.framework.proficiencyScaleKey
      ? (scales.get(r.file.framework.proficiencyScaleKey) ?? null)
      : null;
    for (const c of r.file.competencies) {
      out.push({
        framework: r.file.framework.key,
        competency: { ...c, ratingScale: c.ratingScaleKey ? scales.get(c.ratingScaleKey) : null },
        proficiencyScale: prof,
      });
    }
  }
  return out;
}
