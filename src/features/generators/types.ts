/** Inputs and outputs of the generators: plain data, no database. */
export const GENERATOR_KINDS = ['qualification', 'behavioral', 'situational', 'reference'] as const;
export type GeneratorKind = (typeof GENERATOR_KINDS)[number];

export interface LevelLike {
  number?: number | null;
  label?: string | null;
  description?: string | null;
  indicators?: string[] | null;
}

export interface ScalePointLike {
  value: number;
  label: string;
  description?: string | null;
  indicators?: string[] | null;
}

export interface ScaleLike {
  key?: string | null;
  name: string;
  kind?: 'proficiency' | 'rating' | string | null;
  points: ScalePointLike[];
}

/** The parts of a competency the generators read (a lean mongoose document fits). */
export interface CompetencyLike {
  key: string;
  name: string;
  code?: string | null;
  definition?: string | null;
  kind?: string | null;
  levels?: LevelLike[] | null;
  behavioralIndicators?: string[] | null;
  keyElements?: { element?: string | null; distinguishingBehaviors?: string[] | null }[] | null;
  performanceLevels?: { label?: string | null; description?: string | null }[] | null;
  ratingFactors?:
    | { name?: string | null; anchors?: { level?: string | null; description?: string | null }[] | null }[]
    | null;
  /** The competency's own rating scale (for its rating factors' anchors), when it has one. */
  ratingScale?: ScaleLike | null;
  /** Framework format v2: behaviors that show the competency ("what it looks like"). */
  effectiveBehaviors?: string[] | null;
  /** Framework format v2: behaviors that show its absence ("what it doesn't"); feed low anchors. */
  ineffectiveBehaviors?: string[] | null;
  /** Framework format v2: key skills inside the competency, each with levels of its own. */
  keySkills?: KeySkillLike[] | null;
}

/** A key skill inside a competency (framework format v2): its own definition, levels and indicators. */
export interface KeySkillLike {
  name: string;
  definition?: string | null;
  levels?: LevelLike[] | null;
  indicators?: string[] | null;
}

/** Why a scenario theme was matched to a competency: the theme and the words that matched. */
export interface ThemeMatch {
  key: string;
  label: string;
  score: number;
  matched: string[];
}

/** Whom a reference question is addressed to, for relationship-specific wording. */
export type ReferenceRelationship = 'supervisor' | 'peer' | 'direct-report' | 'client' | 'other';

export interface PositionContext {
  jobTitle?: string;
  organization?: string;
  candidateName?: string;
  /** Where the work happens ("a permit counter", "a call centre"), for scenario slots. */
  setting?: string;
  /** Whom the job serves ("residents", "customers"), for scenario slots. */
  publicServed?: string;
  /** Reference questions: the referee's relationship to the candidate. */
  relationship?: ReferenceRelationship;
}

export interface GenerateInput {
  competency: CompetencyLike;
  /**
   * Target proficiency level: a 1-based position in the competency's own `levels` when it has
   * them, otherwise a point value of `proficiencyScale` (e.g. the framework's Entry–Expert scale).
   */
  level: number;
  /** The scale panelists rate answers on (rating guides have one entry per point). Default: OPM's five points. */
  ratingScale?: ScaleLike;
  /** The framework's proficiency scale, for competencies without levels of their own. */
  proficiencyScale?: ScaleLike | null;
  context?: PositionContext;
  kinds?: GeneratorKind[];
}

export interface Probes {
  situation: string[];
  action: string[];
  result: string[];
}

export interface RatingGuideEntry {
  value: number;
  label: string;
  description: string;
}

export interface SampleAnswers {
  weak: string;
  acceptable: string;
  strong: string;
}

export interface GeneratedItem {
  kind: GeneratorKind;
  /** 'required' | 'desired' | 'paragraph' (qualification); 'opening' | 'competency' | 'closing' (reference). */
  variant?: string;
  level: number;
  text: string;
  probes?: Probes;
  ratingGuide?: RatingGuideEntry[];
  sampleAnswers?: SampleAnswers;
  /** Reference questions: the answer options (well below .. well above, not observed). */
  ratingOptions?: string[];
  /** Where it came from, e.g. "indicator 2", "level 1 description", "definition". */
  source: string;
  /** Situational items: the scenario themes matched to the competency (ranked, with the words). */
  themes?: ThemeMatch[];
  /** Situational items: the scenario's id in the scenario library. */
  scenarioId?: string;
  /** Notes for the panel on how to score this item (situational: written for the scenario). */
  scoringNotes?: string;
}

export class GeneratorInputError extends Error {}
