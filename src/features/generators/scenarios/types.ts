/** The scenario library's shapes: themes of competency models, each with its own dilemmas. */

/** Entry, intermediate and advanced: how much scope, ambiguity, risk and leadership a version asks for. */
export const TIERS = ['entry', 'intermediate', 'advanced'] as const;
export type Tier = (typeof TIERS)[number];

/**
 * One dilemma. Texts may hold slots, filled from the position (see fill.ts): {role} "a permit
 * technician", {org} "the City of Springfield", {setting} "the permit counter", {public}
 * "residents", {person} "a resident". A capital first letter ({Person}) capitalises the value.
 * Answers are written as what the candidate proposes, verb first, third person ("Checks ...").
 */
export interface Scenario {
  id: string;
  /** The situation, with its competing pressures; never names the competency. */
  situation: string;
  /** A sentence per tier that sets the scope: higher tiers add ambiguity, risk, leading others, policy. */
  levels: Record<Tier, string>;
  weak: string;
  acceptable: string;
  strong: string;
  /** For the panel: what separates the answers in this scenario. */
  notes: string;
}

export interface Theme {
  key: string;
  label: string;
  /**
   * Words and phrases that signal the theme in a competency. "word" matches the word and its
   * plural; "stem*" matches every word that starts with the stem; phrases match word by word.
   */
  keywords: string[];
  scenarios: Scenario[];
}
