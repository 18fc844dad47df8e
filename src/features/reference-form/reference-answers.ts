/**
 * Pure rules of the questionnaire: what a save stores (the form merged onto the stored draft), whether
 * the reference corrected who they are, and what a submission needs.
 *
 * Completeness (submit): the reference's name, their relationship, the confirmation box, and an answer
 * on every rated question (the scale's "Not observed" is there for what they did not see). Comments
 * and the opening and closing questions are optional: a reference who has nothing to add should not
 * be made to invent something, and an empty answer tells the manager that too.
 */
import { RELATIONSHIP_LABELS, type Relationship } from '../references/reference.model.js';
import type { ReferenceFormInput } from './reference-form.schemas.js';
import { ratingKey } from './reference-form.schemas.js';

export interface FrozenQuestion {
  id: string;
  part: 'opening' | 'competency' | 'closing';
  competencyName?: string | null;
  text: string;
  rated?: boolean | null;
}
export interface Questionnaire {
  ratingOptions: string[];
  questions: FrozenQuestion[];
}
export interface Answer {
  question: string;
  rating?: string;
  comment: string;
}
export interface Identity {
  name?: string;
  relationship?: Relationship;
  organization?: string;
  corrected: boolean;
  confirmedAt?: Date;
}
/** What a save writes. */
export interface Draft {
  identity: Identity;
  answers: Answer[];
}

/** The fields of a Reference these rules read (a lean document). */
export interface StoredReference {
  name: string;
  relationship: string;
  organization?: string | null;
  answers?: { question: string; rating?: string | null; comment?: string | null }[];
  identity?: {
    name?: string | null;
    relationship?: string | null;
    organization?: string | null;
    confirmedAt?: Date | null;
  } | null;
}

const same = (a: string | null | undefined, b: string | null | undefined) =>
  (a ?? '').trim().replace(/\s+/g, ' ').toLowerCase() === (b ?? '').trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * A correction: a filled-in detail that differs from what the requester entered (ignoring case and
 * spacing). A field left blank is unfinished, not a correction.
 */
export function isCorrected(ref: StoredReference, id: Omit<Identity, 'corrected'>): boolean {
  return (
    (!!id.name && !same(id.name, ref.name)) ||
    (!!id.relationship && id.relationship !== ref.relationship) ||
    (!!id.organization && !same(id.organization, ref.organization))
  );
}

/** Who the reference is, as the form shows it: what they saved, else what the requester entered. */
export function shownIdentity(ref: StoredReference) {
  const saved = ref.identity;
  if (saved?.name || saved?.relationship)
    return {
      name: saved.name ?? '',
      relationship: saved.relationship ?? '',
      organization: saved.organization ?? '',
      confirmed: !!saved.confirmedAt,
    };
  return {
    name: ref.name,
    relationship: ref.relationship,
    organization: ref.organization ?? '',
    confirmed: false,
  };
}

/**
 * The form merged onto the stored draft: a question the form sent replaces the stored answer's part
 * it carries; a question it did not send keeps what is stored (an unchosen radio never clears a
 * rating). Answers follow the questionnaire's order; empty ones are not kept.
 */
export function mergeDraft(
  ref: StoredReference,
  q: Questionnaire,
  input: ReferenceFormInput,
  now: Date,
): Draft {
  const stored = new Map((ref.answers ?? []).map((a) => [a.question, a]));
  const answers: Answer[] = [];
  for (const question of q.questions) {
    const before = stored.get(question.id);
    const rating = question.rated ? (input.ratings[question.id] ?? before?.rating ?? undefined) : undefined;
    const comment = input.comments[question.id] ?? before?.comment ?? '';
    if (rating || comment.trim())
      answers.push({ question: question.id, ...(rating ? { rating } : {}), comment });
  }
  const shown = shownIdentity(ref);
  const fields = input.identitySent
    ? {
        name: input.name || undefined,
        relationship: input.relationship,
        organization: input.organization || undefined,
        confirmedAt: input.confirmed ? (ref.identity?.confirmedAt ?? now) : undefined,
      }
    : {
        name: shown.name || undefined,
        relationship: (shown.relationship || undefined) as Relationship | undefined,
        organization: shown.organization || undefined,
        confirmedAt: ref.identity?.confirmedAt ?? undefined,
      };
  return { identity: { ...fields, corrected: isCorrected(ref, fields) }, answers };
}

/** What a submission still needs, keyed by form field (empty when complete). */
export function missingForSubmit(q: Questionnaire, draft: Draft): Record<string, string> {
  const out: Record<string, string> = {};
  if (!draft.identity.name) out.name = 'Enter your name.';
  if (!draft.identity.relationship) out.relationship = 'Choose how you know the candidate.';
  if (!draft.identity.confirmedAt) out.confirmed = 'Tick the box to confirm that these details are correct.';
  const rated = new Map(draft.answers.filter((a) => a.rating).map((a) => [a.question, a.rating]));
  const notObserved = q.ratingOptions.find((o) => /not observed|unable|n\/a/i.test(o));
  q.questions.forEach((question, i) => {
    if (!question.rated || rated.has(question.id)) return;
    const about = question.competencyName ? ` (${question.competencyName})` : '';
    out[ratingKey(question.id)] =
      `Choose an answer for question ${i + 1}${about}` +
      (notObserved ? `, or “${notObserved}” if you did not see it.` : '.');
  });
  return out;
}

export const relationshipLabel = (r: string | null | undefined) =>
  (r && RELATIONSHIP_LABELS[r as Relationship]) || 'Other';
