/**
 * Checks across a framework file that no single field can make: unique keys, scales that exist,
 * anchors on their scale's points, required levels the competency has, template references and
 * grades that resolve. Every message names its path.
 */
import type { z } from 'zod';
import type { competency, ratingScale } from './framework-file.schema.js';

type Competency = z.infer<typeof competency>;
type Scale = z.infer<typeof ratingScale>;
interface CheckedFile {
  framework: { proficiencyScaleKey?: string };
  scales: Scale[];
  competencies: Competency[];
  positionTemplates: { competencies: { key: string; grade?: string }[] }[];
}

export function checkCrossReferences(file: CheckedFile, ctx: z.core.$RefinementCtx): void {
  const scaleKeys = new Map(file.scales.map((s) => [s.key, s]));
  const seen = new Set<string>();
  file.competencies.forEach((c, i) => {
    if (seen.has(c.key))
      ctx.addIssue({
        code: 'custom',
        path: ['competencies', i, 'key'],
        message: `duplicate key "${c.key}"`,
      });
    seen.add(c.key);
    if (c.ratingScaleKey && !scaleKeys.has(c.ratingScaleKey)) {
      ctx.addIssue({
        code: 'custom',
        path: ['competencies', i, 'ratingScaleKey'],
        message: `no scale "${c.ratingScaleKey}" in scales`,
      });
    }
    if (c.ratingFactors.length && !c.ratingScaleKey) {
      ctx.addIssue({
        code: 'custom',
        path: ['competencies', i, 'ratingScaleKey'],
        message: 'required when there are rating factors',
      });
    }
    const labels = new Set(scaleKeys.get(c.ratingScaleKey ?? '')?.points.map((p) => p.label) ?? []);
    c.ratingFactors.forEach((f, j) =>
      f.anchors.forEach((a, k) => {
        if (labels.size && !labels.has(a.level)) {
          ctx.addIssue({
            code: 'custom',
            path: ['competencies', i, 'ratingFactors', j, 'anchors', k, 'level'],
            message: `"${a.level}" is not a point of scale "${c.ratingScaleKey}"`,
          });
        }
      }),
    );
  });
  const profScale = scaleKeys.get(file.framework.proficiencyScaleKey ?? '');
  file.competencies.forEach((c, i) => checkRequiredLevels(c, i, profScale, ctx));
  if (file.framework.proficiencyScaleKey && !scaleKeys.has(file.framework.proficiencyScaleKey)) {
    ctx.addIssue({
      code: 'custom',
      path: ['framework', 'proficiencyScaleKey'],
      message: `no scale "${file.framework.proficiencyScaleKey}" in scales`,
    });
  }
  const byKey = new Map(file.competencies.map((c) => [c.key, c]));
  file.positionTemplates.forEach((t, i) =>
    t.competencies.forEach((ref, j) => {
      const c = byKey.get(ref.key);
      if (!c)
        ctx.addIssue({
          code: 'custom',
          path: ['positionTemplates', i, 'competencies', j, 'key'],
          message: `no competency "${ref.key}" in this file`,
        });
      else if (ref.grade && !c.requiredLevels.some((r) => r.grade === ref.grade))
        ctx.addIssue({
          code: 'custom',
          path: ['positionTemplates', i, 'competencies', j, 'grade'],
          message: `competency "${ref.key}" has no required level for grade "${ref.grade}"`,
        });
    }),
  );
}

/**
 * A competency's required levels: one per grade, each a level the competency has (a position in
 * its own levels) or, without levels of its own, a point of the framework's proficiency scale.
 */
function checkRequiredLevels(
  c: Competency,
  i: number,
  profScale: Scale | undefined,
  ctx: z.core.$RefinementCtx,
) {
  const grades = new Set<string>();
  c.requiredLevels.forEach((r, j) => {
    const path = ['competencies', i, 'requiredLevels', j];
    if (grades.has(r.grade))
      ctx.addIssue({ code: 'custom', path: [...path, 'grade'], message: `duplicate grade "${r.grade}"` });
    grades.add(r.grade);
    const ok = c.levels.length
      ? r.level <= c.levels.length
      : !profScale || profScale.points.some((p) => p.value === r.level);
    if (!ok)
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'level'],
        message: c.levels.length
          ? `level ${r.level} does not exist: this competency has ${c.levels.length} levels`
          : `level ${r.level} is not a point of the proficiency scale "${profScale!.key}"`,
      });
  });
}
