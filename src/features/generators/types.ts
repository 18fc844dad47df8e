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
}

export interface PositionContext {
  jobTitle?: string;
  organization?: string;
  candidateName?: string;
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
}

export class GeneratorInputError extends Error {}
