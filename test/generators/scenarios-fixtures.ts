/** Competencies written for the scenario tests (not the seeds), of different shapes. */
import type { CompetencyLike } from '../../src/features/generators/index.js';

export const INVENTED: Record<string, CompetencyLike> = {
  safety: {
    key: 'invented-site-safety',
    name: 'Site Safety Awareness',
    definition: 'Keeps self, co-workers and the public free from harm on job sites.',
    behavioralIndicators: [
      'Spots hazards before work starts and reports them.',
      'Wears protective equipment and insists that others do too.',
      'Stops work when conditions become unsafe, even when customers are waiting.',
    ],
  },
  writing: {
    key: 'invented-writing',
    name: 'Clear Writing',
    definition: 'Produces letters, briefings and reports that readers understand on first reading.',
    levels: [
      { label: 'Developing', indicators: ['Drafts routine letters from templates with few corrections.'] },
      { label: 'Proficient', indicators: ['Edits the drafts of colleagues for plain language.'] },
      { label: 'Expert', indicators: ['Sets the house style for all public correspondence.'] },
    ],
  },
  money: {
    key: 'invented-budget',
    name: 'Budget Stewardship',
    definition: 'Uses public funds carefully and can account for every expenditure.',
    ineffectiveBehaviors: ['Spends the remaining budget at year end without a need.'],
  },
  coaching: {
    key: 'invented-coaching',
    name: 'Growing Talent',
    definition: 'Coaches and mentors staff so that they take on bigger roles.',
    effectiveBehaviors: ['Gives timely, specific feedback to others on their work.'],
  },
  disputes: {
    key: 'invented-disputes',
    name: 'Handling Disagreements',
    keyElements: [
      { element: 'Mediates disputes between co-workers', distinguishingBehaviors: ['Keeps tension low'] },
    ],
  },
  tuning: {
    key: 'invented-tuning',
    name: 'Musical instrument tuning',
    definition: 'Adjusts the pitch of string and wind instruments by ear and with a tuner before rehearsals.',
    behavioralIndicators: ['Tunes a piano to concert pitch.', 'Restrings a violin.'],
  },
};
