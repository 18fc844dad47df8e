/**
 * The competency form's values as the view shows them: strings, lists as one entry per line,
 * and one blank row at the end of each repeated group so a person can add an entry without
 * JavaScript (save, and a new blank row appears).
 */
import type { RatingScaleFields } from './rating-scale.model.js';
import { toRows } from './competencies.schemas.js';

type Row = Record<string, string>;
export interface FactorRow {
  name: string;
  anchors: Row[];
}
export interface KeySkillRow {
  name: string;
  definition: string;
  indicators: string;
  levels: Row[];
}
export interface CompetencyFormValues {
  [field: string]: unknown;
  levels: Row[];
  keySkills: KeySkillRow[];
  requiredLevels: Row[];
  keyElements: Row[];
  performanceLevels: Row[];
  ratingFactors: FactorRow[];
  absentSections: string[];
}

const LIST_FIELDS = [
  'behavioralIndicators',
  'effectiveBehaviors',
  'ineffectiveBehaviors',
  'qualificationStatements',
  'outreachActivities',
  'interviewQuestions',
  'referenceCheckQuestions',
  'developmentalActivities',
  'training',
] as const;

const str = (v: unknown): string =>
  v === undefined || v === null ? '' : Array.isArray(v) ? v.map(String).join('\n') : String(v);
const row = (v: unknown, keys: string[]): Row =>
  Object.fromEntries(keys.map((k) => [k, str((v as Record<string, unknown> | null)?.[k])]));
const blank = (r: Row) => Object.values(r).every((v) => v.trim() === '');
const LEVEL_KEYS = ['number', 'label', 'description', 'indicators'];
const keySkillRow = (k: unknown): KeySkillRow => {
  const o = (k ?? {}) as Record<string, unknown>;
  return {
    name: str(o.name),
    definition: str(o.definition),
    indicators: str(o.indicators),
    levels: toRows(o.levels).map((l) => row(l, LEVEL_KEYS)),
  };
};

/** Values from a stored competency (a lean or hydrated document's plain object). */
export function valuesFromCompetency(c: Record<string, any>): CompetencyFormValues {
  const values: CompetencyFormValues = {
    name: str(c.name),
    code: str(c.code),
    kind: str(c.kind),
    definition: str(c.definition),
    importance: str(c.importance),
    ratingScale: str(c.ratingScale?._id ?? c.ratingScale),
    levels: (c.levels ?? []).map((l: unknown) => row(l, ['number', 'label', 'description', 'indicators'])),
    keySkills: (c.keySkills ?? []).map(keySkillRow),
    requiredLevels: (c.requiredLevels ?? []).map((r: unknown) => row(r, ['grade', 'level'])),
    keyElements: (c.keyElements ?? []).map((k: unknown) => row(k, ['element', 'distinguishingBehaviors'])),
    performanceLevels: (c.performanceLevels ?? []).map((p: unknown) => row(p, ['label', 'description'])),
    ratingFactors: (c.ratingFactors ?? []).map((f: Record<string, any>) => ({
      name: str(f.name),
      anchors: (f.anchors ?? []).map((a: unknown) => row(a, ['level', 'description'])),
    })),
    absentSections: [...(c.absentSections ?? [])],
  };
  for (const f of LIST_FIELDS) values[f] = str(c[f] ?? c.recruiting?.[f] ?? c.development?.[f]);
  return values;
}

/** Values exactly as the person sent them, to show again beside the messages. */
export function valuesFromBody(body: Record<string, unknown>): CompetencyFormValues {
  const values: CompetencyFormValues = {
    name: str(body.name),
    code: str(body.code),
    kind: str(body.kind),
    definition: str(body.definition),
    importance: str(body.importance),
    ratingScale: str(body.ratingScale),
    changeNote: str(body.changeNote),
    levels: toRows(body.levels).map((l) => row(l, ['number', 'label', 'description', 'indicators'])),
    keySkills: toRows(body.keySkills).map(keySkillRow),
    requiredLevels: toRows(body.requiredLevels).map((r) => row(r, ['grade', 'level'])),
    keyElements: toRows(body.keyElements).map((k) => row(k, ['element', 'distinguishingBehaviors'])),
    performanceLevels: toRows(body.performanceLevels).map((p) => row(p, ['label', 'description'])),
    ratingFactors: toRows(body.ratingFactors).map((f) => ({
      name: str((f as Record<string, unknown>)?.name),
      anchors: toRows((f as Record<string, unknown>)?.anchors).map((a) => row(a, ['level', 'description'])),
    })),
    absentSections: toRows(body.absentSections).map(String),
  };
  for (const f of LIST_FIELDS) values[f] = str(body[f]);
  return values;
}

type Scale = Pick<RatingScaleFields, 'points'> & { _id: unknown };

/** Adds the blank rows, and lines each factor's anchors up with the chosen scale's points. */
export function withBlankRows(values: CompetencyFormValues, scales: Scale[]): CompetencyFormValues {
  const scale = scales.find((s) => String(s._id) === values.ratingScale);
  const labels = (scale?.points ?? []).map((p) => p.label ?? '');
  const addBlank = (rows: Row[], keys: string[]) =>
    rows.length && blank(rows[rows.length - 1]) ? rows : [...rows, row({}, keys)];
  const alignAnchors = (anchors: Row[]) => [
    ...labels.map((level) => ({
      level,
      description: anchors.find((a) => a.level === level)?.description ?? '',
    })),
    ...anchors.filter((a) => !labels.includes(a.level) && !blank(a)),
  ];
  const factors = values.ratingFactors.map((f) => ({ name: f.name, anchors: alignAnchors(f.anchors) }));
  const last = factors[factors.length - 1];
  const lastBlank = last && !last.name.trim() && last.anchors.every((a) => !a.description.trim());
  if (scale && !lastBlank) factors.push({ name: '', anchors: alignAnchors([]) });
  const skills = values.keySkills.map((k) => ({ ...k, levels: addBlank(k.levels, LEVEL_KEYS) }));
  const lastSkill = skills[skills.length - 1];
  const skillBlank = (k: KeySkillRow) =>
    !k.name.trim() && !k.definition.trim() && !k.indicators.trim() && k.levels.every(blank);
  if (!lastSkill || !skillBlank(lastSkill))
    skills.push({ name: '', definition: '', indicators: '', levels: [row({}, LEVEL_KEYS)] });
  return {
    ...values,
    keySkills: skills,
    requiredLevels: addBlank(values.requiredLevels, ['grade', 'level']),
    levels: addBlank(values.levels, ['number', 'label', 'description', 'indicators']),
    keyElements: addBlank(values.keyElements, ['element', 'distinguishingBehaviors']),
    performanceLevels: addBlank(values.performanceLevels, ['label', 'description']),
    ratingFactors: factors,
  };
}
