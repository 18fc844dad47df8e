/**
 * The shapes public competency models print, as small recognizers the parser asks line by line.
 * Each returns what the line means, or undefined; none depends on one particular document.
 */
import type { SourceLine } from './source-lines.js';

export type Section =
  | 'definition'
  | 'levels'
  | 'indicators'
  | 'effective'
  | 'ineffective'
  | 'performance'
  | 'keySkills'
  | 'keyElements'
  | 'factors'
  | 'scale'
  | 'importance'
  | 'other';

/** Label lines that open a section ("Examples of Behavioral Indicators:", "What it doesn't look like"). */
const SECTION_MARKERS: [RegExp, Section][] = [
  [
    /^(what it (doesn'?t|does not) look like|ineffective behaviou?rs?|counter[- ]?indicators|derailers)\b/i,
    'ineffective',
  ],
  [/^(what it looks like|effective behaviou?rs?)\b/i, 'effective'],
  [/^(examples of )?(behaviou?ral )?indicators\b|^(key )?behaviou?rs\b|^demonstrated by\b/i, 'indicators'],
  [/^(level of competency required|proficiency levels?|levels of proficiency|levels)\b(?!.*\d)/i, 'levels'],
  [/^performance levels?\b/i, 'performance'],
  [/^key skills?\b/i, 'keySkills'],
  [/^key elements?\b|^distinguishing behaviou?rs\b/i, 'keyElements'],
  [/^(rating )?factors\b/i, 'factors'],
  [/^(proficiency|rating) scale\b/i, 'scale'],
  [/^definition\b/i, 'definition'],
  [/^importance\b/i, 'importance'],
];

/** A line that is only a section label (short, optionally ending with a colon). */
export function sectionMarker(line: SourceLine): Section | undefined {
  if (line.cells || line.text.length > 60 || /[.]$/.test(line.text)) return undefined;
  const text = line.text.replace(/:$/, '').trim();
  for (const [re, section] of SECTION_MARKERS) {
    if (re.test(text) && text.split(/\s+/).length <= 7) return section;
  }
  return undefined;
}

export const UNDER_DEVELOPMENT = /\bunder development\.?$/i;

/**
 * Labels of parts a job aid leaves unwritten ("EXAMPLES of Training", "Examples of interview
 * questions:"), with the absent-section name a following "Under Development" records.
 */
const PLACEHOLDER_LABELS: [RegExp, string][] = [
  [/^(specific )?examples? of developmental activities\b/i, 'developmentalActivities'],
  [/^(specific )?examples? of training\b/i, 'training'],
  [/^examples? of qualification statements?\b/i, 'qualificationStatements'],
  [/^examples? of outreach activit(y|ies)\b/i, 'outreachActivities'],
  [/^examples? of interview questions\b/i, 'interviewQuestions'],
  [/^examples? of reference[- ]check questions\b/i, 'referenceCheckQuestions'],
  [/^standards\b/i, 'standards'],
  [/^importance\b/i, 'importance'],
];

/** The absent-section name a placeholder label stands for ("Examples of interview questions:"). */
export function placeholderLabel(text: string): string | undefined {
  if (text.length > 80) return undefined;
  return PLACEHOLDER_LABELS.find(([re]) => re.test(text))?.[1];
}

/**
 * "Office of Financial Management", "City of Bellingham", "Harbour Authority": the organisation
 * a document comes from, printed above its title. Not a competency.
 */
export function organisationName(text: string): boolean {
  if (text.length > 80 || /competenc|\bvalues?\b|framework|model|skills|dictionary|profile/i.test(text))
    return false;
  return (
    /^(the\s+)?(office|department|ministry|bureau|agency|city|county|state|commonwealth|government|province|university|board|division|town|village|district) of\s+[A-Z]/i.test(
      text,
    ) ||
    /\b(agency|authority|commission|council|department|ministry|university|corporation|company|inc\.?|ltd\.?|llc|plc|gmbh)$/i.test(
      text,
    )
  );
}

/** "Under Development" alone, or a placeholder's label ("Examples of Training"): never a name. */
export const isPlaceholder = (text: string): boolean =>
  /^under development\.?$/i.test(text) || !!placeholderLabel(text.replace(/:$/, ''));

/** A note printed for the reader ("NOTE: Parts of this job aid are under development"). */
export const NOTE_LINE = /^(note|nb|n\.b\.|please note)\s*:\s*(\S.*)$/i;

/** A paragraph saying the levels below hold for every competency: they are the framework's scale. */
export const SCALE_FOR_ALL =
  /\b(proficiency |rating )?(levels?|scale)\b[^.]*\b(apply|applies|are used|is used|hold)\b[^.]*\b(to|for|across) (all|every|each)\b/i;

/** "Level 2", "Level 2: Developing", "Proficiency Level 3 - Advanced", "Level 1: Perform arithmetic ...". */
export function levelLine(
  text: string,
): { number: number; label?: string; description?: string } | undefined {
  const m = /^(?:proficiency\s+)?level\s+(\d{1,2})\s*(?:[:.–—-]\s*(.*))?$/i.exec(text);
  if (!m) return undefined;
  const number = Number(m[1]);
  const rest = (m[2] ?? '').trim();
  if (!rest) return { number };
  const labelled = /^([A-Z][\w/ -]{0,40}?)\s*[:–—-]\s+(.+)$/.exec(rest);
  if (labelled && labelled[1].split(/\s+/).length <= 3)
    return { number, label: labelled[1], description: labelled[2] };
  if (rest.split(/\s+/).length <= 3 && !/[.]$/.test(rest)) return { number, label: rest };
  return { number, description: rest };
}

/** "2. MATHEMATICS – Performs arithmetic ..." or "CUSTOMER SERVICE - Provides ...": an all-caps name and its definition. */
export function capsCompetencyLine(line: SourceLine): { name: string; definition: string } | undefined {
  const m = /^([A-Z][A-Z0-9 &/,'’()-]{2,80}?)\s+[–—-]\s+(\S.+)$/.exec(line.text);
  if (!m || !/[A-Z]{3}/.test(m[1]) || m[1] !== m[1].toUpperCase()) return undefined;
  return { name: m[1].trim(), definition: m[2].trim() };
}

/** "Satisfactory" / "Superior performance: ..." as performance-level labels. */
export function performanceLabel(text: string): { label: string; description?: string } | undefined {
  const m =
    /^(satisfactory|superior|fully successful|outstanding|exceeds expectations|meets expectations)(?:\s+performance)?\s*(?::\s*(.+))?$/i.exec(
      text,
    );
  return m ? { label: m[1].charAt(0).toUpperCase() + m[1].slice(1), description: m[2]?.trim() } : undefined;
}

/** "Required level: Band B: 3; Band C: 4" -> grades with levels. */
export function requiredLevelsLine(text: string): { grade: string; level: number }[] | undefined {
  const m = /^required (?:proficiency )?levels?(?: by (?:grade|band|job level))?\s*:\s*(.+)$/i.exec(text);
  if (!m) return undefined;
  const pairs = [...m[1].matchAll(/([A-Za-z][\w .-]*?)\s*[:=–-]\s*(?:level\s*)?(\d{1,2})/gi)].map((p) => ({
    grade: p[1].trim(),
    level: Number(p[2]),
  }));
  return pairs.length ? pairs : undefined;
}

/** A short capitalized line that can name something (a scale point, a key skill): no sentence. */
export function isShortLabel(text: string): boolean {
  return text.length <= 50 && text.split(/\s+/).length <= 5 && /^[A-Z]/.test(text) && !/[.;,]$/.test(text);
}

/** "Label: description" or "Label – description" with a short label. */
export function labelled(text: string): { label: string; description: string } | undefined {
  const m = /^([A-Z][^:–—]{0,40}?)\s*(?::|\s[–—-]\s)\s*(\S.+)$/.exec(text);
  if (!m || m[1].split(/\s+/).length > 4) return undefined;
  return { label: m[1].trim(), description: m[2].trim() };
}

export const ABSENT_FOR: Partial<Record<Section, string>> = {
  definition: 'definition',
  importance: 'importance',
  levels: 'levels',
  indicators: 'behavioralIndicators',
  keyElements: 'distinguishingBehaviors',
  performance: 'performanceLevels',
};

export const norm = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[‘’“”"']/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export function slugify(s: string, fallback = 'competency'): string {
  const slug = norm(s).replace(/\s+/g, '-').slice(0, 60).replace(/-+$/, '');
  return slug || fallback;
}
