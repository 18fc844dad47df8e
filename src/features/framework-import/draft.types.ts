/**
 * The draft a document import produces: framework file format v2 (the coordinator's shared
 * contract) with provenance per field. `part` in provenance is the path of the field inside the
 * competency (`definition`, `levels[2].indicators[0]`), `line`/`lineEnd` the source lines.
 */

export interface Provenance {
  part: string;
  document: string;
  section?: string;
  line?: number;
  lineEnd?: number;
  page?: number;
}

export interface DraftLevel {
  number?: number;
  label?: string;
  description?: string;
  indicators: string[];
}

export interface DraftKeySkill {
  name: string;
  definition?: string;
  levels: DraftLevel[];
  indicators: string[];
}

export interface DraftCompetency {
  key: string;
  code?: string;
  name: string;
  definition?: string;
  kind: 'behavioral' | 'technical' | 'core-value';
  levels: DraftLevel[];
  behavioralIndicators: string[];
  effectiveBehaviors: string[];
  ineffectiveBehaviors: string[];
  keySkills: DraftKeySkill[];
  keyElements: { element: string; distinguishingBehaviors: string[] }[];
  requiredLevels: { grade: string; level: number }[];
  performanceLevels: { label: string; description: string }[];
  ratingScaleKey?: string;
  ratingFactors: { name: string; anchors: { level: string; description: string }[] }[];
  absentSections: string[];
  /** Lines the user assigned to notes on the review page (kept with the competency). */
  notes: string[];
  provenance: Provenance[];
}

export interface DraftScale {
  key: string;
  name: string;
  kind: 'proficiency' | 'rating';
  points: { value: number; label: string; description?: string; indicators: string[] }[];
}

export interface Draft {
  schemaVersion: 2;
  framework: {
    key: string;
    name: string;
    organization: string;
    source: { document: string; title?: string };
    proficiencyScaleKey?: string;
    notes: string[];
  };
  scales: DraftScale[];
  competencies: DraftCompetency[];
  positionTemplates: {
    key: string;
    title: string;
    competencies: { key: string; requiredLevel?: number; grade?: string }[];
  }[];
}

export interface ParseResult {
  draft: Draft;
  /** Source lines (1-based numbers) with text that no field took. */
  unusedLines: { line: number; text: string }[];
}
