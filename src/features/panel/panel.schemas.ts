/** The consensus step's forms (and their JSON equivalents). Scale membership is checked in the service. */
import { z } from 'zod';
import { RECOMMENDATIONS } from '../interviews/interview.model.js';

export { fieldErrors } from '../users/users.schemas.js';

const rating = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
  z.number({ error: 'Choose a rating.' }).int('Choose a rating on the scale.'),
);
const reason = (what: string) =>
  z
    .string({ error: `Give the ${what}.` })
    .trim()
    .min(1, `Give the ${what}.`)
    .max(5000, 'Use at most 5,000 characters.');

export const consensusForm = z.object({
  value: rating,
  rationale: reason('rationale for the consensus rating'),
});
export type ConsensusInput = z.infer<typeof consensusForm>;

export const ratingChangeForm = z.object({ value: rating, why: reason('reason for the change') });
export type RatingChangeInput = z.infer<typeof ratingChangeForm>;

export const recommendationForm = z.object({
  value: z.enum(RECOMMENDATIONS, { error: 'Choose a recommendation.' }),
  rationale: reason('reasons for the recommendation'),
});
export type RecommendationInput = z.infer<typeof recommendationForm>;

export const signOffForm = z.object({
  consensusRev: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number({ error: 'Reload the board and sign off again.' }).int().min(0),
  ),
});
