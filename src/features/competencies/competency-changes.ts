/** Comparing competency contents for revisions, and making keys from names. */
import { Types } from 'mongoose';

/** The top-level fields a person edits; a revision lists the ones that changed. */
export const TRACKED_FIELDS = [
  'code',
  'name',
  'kind',
  'definition',
  'importance',
  'levels',
  'behavioralIndicators',
  'effectiveBehaviors',
  'ineffectiveBehaviors',
  'keySkills',
  'requiredLevels',
  'keyElements',
  'performanceLevels',
  'ratingScale',
  'ratingFactors',
  'recruiting',
  'development',
  'absentSections',
] as const;
export type TrackedField = (typeof TRACKED_FIELDS)[number];

export const FIELD_LABELS: Record<TrackedField, string> = {
  code: 'code',
  name: 'name',
  kind: 'kind',
  definition: 'definition',
  importance: 'importance',
  levels: 'proficiency levels',
  behavioralIndicators: 'behavioral indicators',
  effectiveBehaviors: 'effective behaviors',
  ineffectiveBehaviors: 'ineffective behaviors',
  keySkills: 'key skills',
  requiredLevels: 'required levels by grade',
  keyElements: 'key elements',
  performanceLevels: 'performance levels',
  ratingScale: 'rating scale',
  ratingFactors: 'rating factors',
  recruiting: 'recruiting',
  development: 'development',
  absentSections: 'sections absent in the source',
};

function isEmpty(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && !Array.isArray(v) && Object.keys(v as object).length === 0)
  );
}

/**
 * A plain, comparable value: ids as strings, dates as ISO text, absent and empty values dropped
 * (a stored `[]` and a missing list mean the same thing to a reader).
 */
export function normalize(v: unknown): unknown {
  if (v instanceof Types.ObjectId) return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return [...v].map(normalize);
  if (v && typeof v === 'object' && typeof (v as { toObject?: unknown }).toObject === 'function')
    return normalize((v as { toObject(): unknown }).toObject());
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // Sorted keys: stored and submitted objects compare equal whatever order their keys came in.
    for (const k of Object.keys(v).sort()) {
      if (k === '_id') continue;
      const n = normalize((v as Record<string, unknown>)[k]);
      if (!isEmpty(n)) out[k] = n;
    }
    return out;
  }
  return v;
}

export interface Change {
  path: string;
  before: unknown;
  after: unknown;
}

/** The tracked fields whose normalized values differ, with both values. */
export function diffFields(before: Record<string, unknown>, after: Record<string, unknown>): Change[] {
  const changes: Change[] = [];
  for (const path of TRACKED_FIELDS) {
    const b = normalize(before[path]);
    const a = normalize(after[path]);
    const [bv, av] = [isEmpty(b) ? null : b, isEmpty(a) ? null : a];
    if (JSON.stringify(bv) !== JSON.stringify(av)) changes.push({ path, before: bv, after: av });
  }
  return changes;
}

export function summarize(changes: Change[]): string {
  const names = changes.map((c) => FIELD_LABELS[c.path as TrackedField] ?? c.path);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return `Changed ${list}.`;
}

/** Lower-case letters, digits and single hyphens, as framework files require. */
export function slugify(text: string, fallback: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || fallback;
}

/** The first of base, base-2, base-3, ... that `taken` says is free. */
export async function uniqueKey(base: string, taken: (key: string) => Promise<boolean>): Promise<string> {
  for (let n = 1; ; n++) {
    const key = n === 1 ? base : `${base}-${n}`;
    if (!(await taken(key))) return key;
  }
}
