/** Labels and formatting shared by the competency library views. */
import { FIELD_LABELS } from './competency-changes.js';
import { ABSENT_SECTIONS } from './framework-file.schema.js';
import { formatTime, organisationTimeZone } from '../../lib/format-time.js';

export const SECTION_LABELS: Record<(typeof ABSENT_SECTIONS)[number], string> = {
  definition: 'Definition',
  importance: 'Importance',
  levels: 'Proficiency levels',
  behavioralIndicators: 'Behavioral indicators',
  distinguishingBehaviors: 'Distinguishing behaviors',
  performanceLevels: 'Performance levels',
  standards: 'Standards',
  qualificationStatements: 'Qualification statements',
  outreachActivities: 'Outreach activities',
  interviewQuestions: 'Interview questions',
  referenceCheckQuestions: 'Reference-check questions',
  developmentalActivities: 'Developmental activities',
  training: 'Training',
};

export const SECTION_OPTIONS = ABSENT_SECTIONS.map((value) => ({ value, label: SECTION_LABELS[value] }));

export function formatDate(d: unknown): string {
  if (!d) return '';
  return formatTime(new Date(d as string), organisationTimeZone());
}

/** A revision value as text: plain text as it is, lists one per line, anything else as JSON. */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return '(none)';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join('\n');
  return JSON.stringify(v, null, 1);
}

export const viewHelpers = { formatDate, formatValue, SECTION_LABELS, SECTION_OPTIONS, FIELD_LABELS };
