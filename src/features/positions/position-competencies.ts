/**
 * The competencies a position can use, with their level options (the competency's own levels, or
 * its framework's proficiency scale), and the OPM count guidance.
 */
import { Types } from 'mongoose';
import { ValidationError } from '../../lib/errors.js';
import { Competency } from '../competencies/competency.model.js';
import { levelOptions } from '../generators/index.js';
import { loadGeneratorSources, type GeneratorSource } from '../question-bank/generator-source.js';

export const OPM_MIN = 4;
export const OPM_MAX = 6;

/** OPM guidance: 4 to 6 competencies per interview. A warning, never a refusal. */
export function countWarning(count: number): string | undefined {
  if (count < OPM_MIN)
    return `This position has ${count} ${count === 1 ? 'competency' : 'competencies'}. OPM guidance for structured interviews is 4 to 6 competencies; consider adding more.`;
  if (count > OPM_MAX)
    return `This position has ${count} competencies. OPM guidance for structured interviews is 4 to 6 competencies; consider keeping the ones that best separate superior from satisfactory performance.`;
  return undefined;
}

/** Loads each competency once for the generators (levels, scale); unknown ids are left out. */
export const loadSources = (ids: (string | Types.ObjectId)[]): Promise<Map<string, GeneratorSource>> =>
  loadGeneratorSources(ids);

/**
 * Checks every row's competency and level; throws one ValidationError naming each bad row.
 * `kept`: competencies the position already has, allowed even when archived since.
 */
export async function checkCompetencyRows(
  rows: { competency: string; requiredLevel: number }[],
  kept: Set<string> = new Set(),
) {
  const sources = await loadSources(rows.map((r) => r.competency));
  const fields: Record<string, string> = {};
  rows.forEach((r, i) => {
    const source = sources.get(r.competency);
    if (!source || (source.competency.status !== 'active' && !kept.has(r.competency))) {
      fields[`competencies.${i}.competency`] = 'Choose a competency from the list.';
      return;
    }
    if (!source.levels.some((l) => l.value === r.requiredLevel))
      fields[`competencies.${i}.requiredLevel`] =
        `Choose one of the levels of ${source.competency.name}: ${source.levels.map((l) => `${l.value} (${l.label})`).join(', ')}.`;
  });
  if (Object.keys(fields).length) throw new ValidationError('Please correct the highlighted fields.', fields);
  return sources;
}

/** Every active competency (and the position's own, even archived), with its level options, for the form. */
export async function competencyChoices(kept: string[] = []) {
  const comps = await Competency.find({
    $or: [{ status: 'active' }, { _id: { $in: kept.filter((id) => Types.ObjectId.isValid(id)) } }],
  })
    .sort({ name: 1 })
    .populate({
      path: 'framework',
      select: 'name organization status proficiencyScale',
      populate: 'proficiencyScale',
    })
    .lean();
  return comps
    .filter(
      (c) =>
        kept.includes(String(c._id)) ||
        (c.framework as unknown as { status?: string } | null)?.status !== 'archived',
    )
    .map((c) => {
      const fw = c.framework as unknown as {
        name?: string;
        proficiencyScale?: { name: string; points: { value: number; label: string }[] } | null;
      } | null;
      const levels = levelOptions(
        { key: c.key, name: c.name, levels: c.levels },
        fw?.proficiencyScale?.points?.length ? fw.proficiencyScale : null,
      );
      // Named choices with a short description, so "3" reads as what the level means.
      const scalePoints = (fw?.proficiencyScale?.points ?? []) as { value: number; description?: string }[];
      const describe = (value: number) => {
        const d = c.levels?.length
          ? c.levels[value - 1]?.description
          : scalePoints.find((p) => p.value === value)?.description;
        return d ? (d.length > 110 ? `${d.slice(0, 107).trimEnd()}…` : d) : '';
      };
      return {
        value: String(c._id),
        name: c.name,
        framework: fw?.name ?? '',
        label: `${c.name}${c.code ? ` (${c.code})` : ''} · ${fw?.name ?? ''}`,
        levels: levels.map((l) => ({
          value: l.value,
          label: /\d/.test(l.label) ? l.label : `${l.value}: ${l.label}`,
          description: describe(l.value),
        })),
      };
    });
}
