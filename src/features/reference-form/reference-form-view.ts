/** What the questionnaire page shows: the reference's details, the questions by part, their answers. */
import { RELATIONSHIPS, RELATIONSHIP_LABELS } from '../references/reference.model.js';
import { relationshipLabel, shownIdentity } from './reference-answers.js';
import {
  COMMENT_MAX,
  DECLINE_REASON_MAX,
  NAME_MAX,
  ORGANIZATION_MAX,
  commentKey,
  ratingKey,
} from './reference-form.schemas.js';
import type { TypedValues } from './reference-form.schemas.js';
import { questionnaireOf, revOf, type ReferenceRecord } from './reference-form.service.js';
import { longDate, utcTime } from './token-link.js';

export interface PageOptions {
  token: string;
  context: { candidateName: string; positionTitle: string };
  /** After a refused post: what the person typed (shown instead of the stored values it covers). */
  typed?: TypedValues;
  /** The revision the form is based on (after a conflict: the newest one, so posting again wins). */
  rev?: number;
  fields?: Record<string, string>;
  error?: string;
  notice?: string;
  /** The page shows typed text the server does not hold (a refused save): autosave must not assume it. */
  unsaved?: boolean;
  decline?: { reason: string; error?: string };
}

export function questionnaireView(ref: ReferenceRecord, o: PageOptions): Record<string, unknown> {
  const q = questionnaireOf(ref);
  const fields = o.fields ?? {};
  const typed = o.typed;
  const stored = new Map((ref.answers ?? []).map((a) => [a.question, a]));
  const identity = shownIdentity(ref);
  const values = {
    name: typed?.name ?? identity.name,
    relationship: typed?.relationship ?? identity.relationship,
    organization: typed?.organization ?? identity.organization,
    confirmed: typed ? typed.confirmed : identity.confirmed,
  };

  const anchors: Record<string, string> = {
    name: 'f-name',
    relationship: `f-relationship-${RELATIONSHIPS[0]}`,
    organization: 'f-organization',
    confirmed: 'f-confirmed',
  };
  const questions = q.questions.map((question, i) => {
    const dom = `q${i + 1}`;
    const rKey = ratingKey(question.id);
    const cKey = commentKey(question.id);
    anchors[rKey] = `${dom}-rating-0`;
    anchors[cKey] = `${dom}-comment`;
    const before = stored.get(question.id);
    return {
      number: i + 1,
      dom,
      part: question.part,
      competencyName: question.competencyName ?? '',
      text: question.text,
      rated: !!question.rated,
      ratingName: rKey,
      commentName: cKey,
      rating: typed?.ratings[question.id] ?? before?.rating ?? '',
      comment: typed?.comments[question.id] ?? before?.comment ?? '',
      ratingError: fields[rKey],
      commentError: fields[cKey],
    };
  });

  // Competency questions grouped by competency, in the questionnaire's order.
  const competencies: { name: string; dom: string; questions: typeof questions }[] = [];
  for (const x of questions.filter((x) => x.part === 'competency')) {
    const last = competencies[competencies.length - 1];
    if (last && last.name === x.competencyName) last.questions.push(x);
    else competencies.push({ name: x.competencyName, dom: `c${competencies.length + 1}`, questions: [x] });
  }

  return {
    title: `Reference for ${o.context.candidateName}`,
    candidateName: o.context.candidateName,
    positionTitle: o.context.positionTitle,
    // Only a candidate who nominated this person is said to have named them.
    namedByCandidate: ref.source === 'candidate',
    action: `/r/${o.token}`,
    declineAction: `/r/${o.token}/decline`,
    // A prefix of the stored hash names this reference's browser draft without putting the token there.
    draftKey: String(ref.tokenHash ?? '').slice(0, 16),
    rev: o.rev ?? revOf(ref),
    expiresOn: ref.tokenExpiresAt ? longDate(ref.tokenExpiresAt) : '',
    lastSaved: ref.lastSavedAt ? `Last saved ${utcTime(ref.lastSavedAt)}.` : 'Not saved yet.',
    requested: {
      name: ref.name,
      relationship: relationshipLabel(ref.relationship),
      organization: ref.organization ?? '',
    },
    values,
    relationships: RELATIONSHIPS.map((r) => ({ value: r, label: RELATIONSHIP_LABELS[r] })),
    ratingOptions: q.ratingOptions,
    opening: questions.filter((x) => x.part === 'opening'),
    competencies,
    closing: questions.filter((x) => x.part === 'closing'),
    fields,
    errorList: Object.entries(fields).map(([k, text]) => ({
      href: `#${anchors[k] ?? 'reference-form'}`,
      text,
    })),
    error: o.error,
    notice: o.notice,
    unsaved: !!o.unsaved,
    decline: o.decline ?? { reason: '' },
    limits: {
      comment: COMMENT_MAX,
      name: NAME_MAX,
      organization: ORGANIZATION_MAX,
      reason: DECLINE_REASON_MAX,
    },
  };
}
